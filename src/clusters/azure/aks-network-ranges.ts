/**
 * Pod and service ranges of Azure CNI overlay. They never leave the cluster,
 * so every AKS cluster uses the same ones; no network of the fleet may
 * overlap them.
 */
export const AKS_OVERLAY_RANGES = { podCidr: '100.64.0.0/16', serviceCidr: '100.65.0.0/16', dnsServiceIp: '100.65.0.10' };
