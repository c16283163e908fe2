/** The region of the fleet's global stack, which holds what serves every region (global DNS names). */
export const GLOBAL_REGION = 'global';

/** Route 53 is a global service whose API endpoint is in us-east-1: the global stack's AWS provider, and its pipeline sign-in, use it. */
export const AWS_GLOBAL_SERVICES_REGION = 'us-east-1';
