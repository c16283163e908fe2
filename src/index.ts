// The public surface of cdk-fleet: re-exports only.
export * from './errors';

export * from './fleet/fleet';
export * from './fleet/region-stack';
export * from './fleet/global-stack';
export * from './fleet/global-dns';
export * from './fleet/global-name';
export * from './recovery/restore-drill';
export * from './fleet/state-backend';
export * from './fleet/deployer';
export * from './fleet/wave';
export * from './fleet/rollout';
export * from './pipeline/pipeline-options';
export * from './fleet/fleet-plan';
export * from './fleet/outputs';

export * from './clusters/cloud';
export * from './clusters/distribution';
export * from './clusters/cluster';
export * from './clusters/cluster-base';
export * from './clusters/node-pool';
export * from './clusters/workload-identity';
export * from './clusters/backup-storage';
export * from './clusters/cluster-access';
export * from './clusters/policy-mode';
export * from './clusters/catalogue/node-sizes';
export * from './clusters/catalogue/eks-ami-types';
export * from './clusters/aws/aws-cluster';
export * from './clusters/aws/aws-encryption';
export * from './clusters/aws/aws-managed-addons';
export * from './clusters/aws/aws-network';
export * from './clusters/aws/aws-node-group';
export * from './clusters/aws/aws-workload-identity';
export * from './clusters/aws/aws-backup-storage';
export * from './clusters/azure/azure-cluster';
export * from './clusters/azure/azure-encryption';
export * from './clusters/azure/azure-network';
export * from './clusters/azure/azure-egress';
export * from './clusters/azure/azure-workload-identity';
export * from './clusters/azure/azure-backup-storage';
export * from './clusters/attached/attached-cluster';

export * from './gitops/engine';
export * from './gitops/layers';
export * from './gitops/helm-release';
export * from './gitops/delivery-steps';

export * from './catalogue/add-ons';
export * from './catalogue/crds';
export * from './catalogue/extensions';
export * from './catalogue/catalogue-file';

export * from './addons/add-on';
export * from './addons/helm-add-on';
export * from './addons/cert-manager';
export * from './addons/kyverno';
export * from './addons/metrics-server';
export * from './addons/external-dns';
export * from './addons/kube-prometheus-stack';
export * from './addons/istio';
export * from './addons/mesh';
export * from './addons/trivy-operator';
export * from './addons/opencost';
export * from './addons/cluster-autoscaler';
export * from './addons/ingress';
export * from './addons/observability';
export * from './addons/velero';
export * from './addons/cloudnative-pg';
export * from './teams/team';
export * from './teams/capacity';
export * from './teams/team-quota';
export * from './teams/postgres';
export * from './teams/route';
export * from './teams/team-namespace';

export * from './testing/fleet-testing';
