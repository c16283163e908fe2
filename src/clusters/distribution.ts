/** The Kubernetes distribution an attached cluster runs. */
export enum KubernetesDistribution {
  /** Upstream Kubernetes (kubeadm and the like): nothing bundled that the fleet's add-ons would fight. */
  GENERIC = 'generic',
  /** k3s: bundles metrics-server, and Traefik behind ServiceLB on ports 80 and 443 of every node. */
  K3S = 'k3s',
  /** RKE2: bundles metrics-server, and ingress-nginx as a DaemonSet on host ports 80 and 443. */
  RKE2 = 'rke2',
}

/** Components a cluster brings itself, which the fleet's add-ons would otherwise install again. */
export enum BundledComponent {
  /** A metrics-server (the resource metrics API). */
  METRICS_SERVER = 'metrics-server',
  /** An ingress controller that holds ports 80 and 443. */
  INGRESS = 'ingress',
  /**
   * A pod network the provider manages whose CNI configuration other agents
   * cannot chain onto (AKS's Azure CNI powered by Cilium: Cilium owns the
   * node's CNI configuration, and AKS does not expose its `cni.exclusive`
   * setting, which Istio's CNI agent needs off).
   */
  MANAGED_CILIUM = 'managed-cilium',
}

/**
 * What each distribution deploys unless its installation disables it:
 * k3s's packaged manifests and `--disable` values (k3s-io/k3s:
 * manifests/metrics-server, manifests/traefik.yaml, pkg/cli/cmds/stage.go;
 * read on the main and release-1.34 branches, which agree; the v1.35 tag could
 * not be fetched), and RKE2's packaged charts (rancher/rke2@v1.35.7+rke2r1:
 * charts/chart_versions.yaml, pkg/cli/types.go; rke2-ingress-nginx binds
 * host ports 80 and 443).
 */
export const DISTRIBUTION_BUNDLES: Record<KubernetesDistribution, readonly BundledComponent[]> = {
  [KubernetesDistribution.GENERIC]: [],
  [KubernetesDistribution.K3S]: [BundledComponent.METRICS_SERVER, BundledComponent.INGRESS],
  [KubernetesDistribution.RKE2]: [BundledComponent.METRICS_SERVER, BundledComponent.INGRESS],
};

/** How a site turns a bundled component off when it installs the cluster. */
export const DISABLE_HINT: Record<KubernetesDistribution, Partial<Record<BundledComponent, string>>> = {
  [KubernetesDistribution.GENERIC]: {},
  [KubernetesDistribution.K3S]: { [BundledComponent.METRICS_SERVER]: '--disable=metrics-server', [BundledComponent.INGRESS]: '--disable=traefik' },
  [KubernetesDistribution.RKE2]: { [BundledComponent.METRICS_SERVER]: '--disable=rke2-metrics-server', [BundledComponent.INGRESS]: '--ingress-controller=none' },
};
