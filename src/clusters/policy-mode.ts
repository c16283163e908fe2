/** Whether policy violations are reported or refused. */
export enum PolicyMode {
  /** Violations are admitted and reported (PolicyReports). */
  AUDIT = 'Audit',
  /** Violations are refused at admission. */
  ENFORCE = 'Enforce',
}

/**
 * How the fleet's admission policies act, and where they do not apply. The
 * fleet's policy add-on sets it; a cloud's own admission policies (Azure
 * Policy on AKS) follow it, so one cluster never audits what another refuses.
 */
export interface AdmissionPolicyStandard {
  /** Audit or enforce. */
  readonly mode: PolicyMode;
  /** Namespaces the policies leave alone: the platform's own and any the fleet excluded. */
  readonly excludedNamespaces: string[];
}
