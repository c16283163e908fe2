/** Where a cluster runs. The string values appear in fleet.json and stack names. */
export enum Cloud {
  /** Amazon EKS, provisioned by this library. */
  AWS = 'aws',
  /** Azure AKS, provisioned by this library. */
  AZURE = 'azure',
  /** A cluster the fleet does not provision (edge, on-prem, retail store): Kubernetes output only. */
  ATTACHED = 'attached',
}
