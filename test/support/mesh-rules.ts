/**
 * The rules Istio, Pod Security and NetworkPolicy apply to a cluster's
 * objects, as far as they decide whether team pods run and can be reached
 * in the mesh. Each rule is stated where it is checked, with the upstream
 * behaviour it stands for; a violation is a sentence naming the object.
 *
 * - Sidecar injection adds `istio-init` (NET_ADMIN, NET_RAW, as root) unless
 *   istio-cni runs in sidecar mode: Pod Security `baseline` and `restricted`
 *   refuse such pods.
 * - Ambient mode: a pod is in the mesh when it, or its namespace, carries
 *   `istio.io/dataplane-mode: ambient` (and the pod not `none`), given
 *   istiod and istio-cni with the ambient profile and ztunnel naming the
 *   same cluster as istiod (istio/istio@1.30.3: manifests/charts/istio-cni
 *   values.yaml ambient.enablementSelectors; ztunnel templates/daemonset.yaml
 *   ISTIO_META_CLUSTER_ID).
 * - A STRICT PeerAuthentication (mesh-wide in the root namespace, unless the
 *   namespace has its own) makes a member pod refuse plain text: every
 *   caller the NetworkPolicies let in must itself be in the mesh (the Istio
 *   gateway always is).
 * - Kubelet probes of member pods arrive from 169.254.7.127 (the CNI agent's
 *   SNAT): a default-deny ingress policy must admit it.
 */

import { releasesOf } from './releases';

const DATAPLANE = 'istio.io/dataplane-mode';
const ROOT_NAMESPACE = 'istio-system';
const PROBE_SOURCE = '169.254.7.127';

/**
 * Where each chart puts the labels of the pods that call team workloads,
 * read from the charts' templates at the pinned versions
 * (ingress-nginx 4.15.1 controller-deployment.yaml; kube-prometheus-stack
 * 88.5.3 prometheus/prometheus.yaml podMetadata).
 */
const CALLER_POD_LABELS: { [chart: string]: (values: any) => { [key: string]: string } | undefined } = {
  'ingress-nginx': (v) => v.controller?.podLabels,
  'kube-prometheus-stack': (v) => v.prometheus?.prometheusSpec?.podMetadata?.labels,
};

/** Every way the cluster's objects keep team pods from running or being reached in the mesh. */
export function meshViolations(objects: any[]): string[] {
  const releases = releasesOf(objects);
  const namespaces = new Map<string, any>(objects.filter((o) => o.kind === 'Namespace').map((o) => [o.metadata.name, o]));
  const labelsOf = (ns: string): { [key: string]: string } => namespaces.get(ns)?.metadata.labels ?? {};
  const violations: string[] = [];

  const cni = releases.find((r) => r.chart === 'cni');
  const istiod = releases.find((r) => r.chart === 'istiod');
  const ztunnel = releases.find((r) => r.chart === 'ztunnel');
  const sidecarCni = cni !== undefined && istiod?.values.pilot?.cni?.enabled === true;
  const ambient = cni?.values.profile === 'ambient' && istiod?.values.profile === 'ambient' && ztunnel !== undefined;

  for (const [name, ns] of namespaces) {
    const labels = ns.metadata.labels ?? {};
    const level = labels['pod-security.kubernetes.io/enforce'];
    if ((labels['istio-injection'] === 'enabled' || labels['istio.io/rev']) && !sidecarCni && (level === 'restricted' || level === 'baseline')) {
      violations.push(`namespace ${name}: sidecar injection adds istio-init (NET_ADMIN, NET_RAW), which Pod Security '${level}' refuses; every meshed pod is rejected`);
    }
    if (labels[DATAPLANE] === 'ambient' && !ambient) {
      violations.push(`namespace ${name}: joins the ambient mesh, but the cluster lacks istiod and istio-cni with the ambient profile, or ztunnel`);
    }
  }
  if (ztunnel && istiod && ztunnel.values.multiCluster?.clusterName !== istiod.values.global?.multiCluster?.clusterName) {
    violations.push(`ztunnel names cluster '${ztunnel.values.multiCluster?.clusterName}', istiod '${istiod.values.global?.multiCluster?.clusterName}': ztunnel's certificates are refused`);
  }
  if (!ambient) {
    return violations;
  }

  const peerAuthentications = objects.filter((o) => o.kind === 'PeerAuthentication' && !o.spec?.selector);
  const modeOf = (ns: string): string => peerAuthentications.find((p) => p.metadata.namespace === ns)?.spec.mtls?.mode
    ?? peerAuthentications.find((p) => p.metadata.namespace === ROOT_NAMESPACE)?.spec.mtls?.mode ?? 'PERMISSIVE';
  const member = (ns: string, podLabels: { [key: string]: string } = {}) => podLabels[DATAPLANE] === 'ambient'
    || (labelsOf(ns)[DATAPLANE] === 'ambient' && podLabels[DATAPLANE] !== 'none');
  const gatewayNamespaces = releases.filter((r) => r.chart === 'gateway').map((r) => r.namespace);
  const callerInMesh = (ns: string) => gatewayNamespaces.includes(ns) || member(ns)
    || releases.some((r) => r.namespace === ns && member(ns, CALLER_POD_LABELS[r.chart]?.(r.values) ?? {}));

  const policies = objects.filter((o) => o.kind === 'NetworkPolicy');
  for (const [name] of namespaces) {
    if (!member(name) || modeOf(name) !== 'STRICT') {
      continue;
    }
    const own = policies.filter((p) => p.metadata.namespace === name);
    const allPods = (p: any) => Object.keys(p.spec.podSelector ?? {}).length === 0;
    const databases = objects.filter((o) => o.kind === 'Cluster' && o.apiVersion === 'postgresql.cnpg.io/v1' && o.metadata.namespace === name);
    // A policy for database pods only (selected by CloudNativePG's label) applies to pods whose labels their Cluster gives.
    const selectsMembers = (p: any) => (p.spec.podSelector?.matchExpressions ?? []).some((e: any) => e.key === 'cnpg.io/cluster')
      ? databases.some((db) => member(name, db.spec.inheritedMetadata?.labels ?? {}))
      : true;
    for (const policy of own.filter((p) => (p.spec.ingress ?? []).length > 0 && selectsMembers(p))) {
      for (const peer of policy.spec.ingress.flatMap((rule: any) => rule.from ?? [])) {
        const caller = peer.namespaceSelector?.matchLabels?.['kubernetes.io/metadata.name'];
        if (caller && caller !== name && !callerInMesh(caller)) {
          violations.push(`namespace ${name}: NetworkPolicy ${policy.metadata.name} lets in ${caller}, whose pods are outside the mesh; STRICT mTLS refuses them`);
        }
      }
    }
    const deniesIngress = own.some((p) => allPods(p) && (p.spec.policyTypes ?? []).includes('Ingress') && (p.spec.ingress ?? []).length === 0);
    const admitsProbes = own.some((p) => allPods(p) && (p.spec.ingress ?? []).some((rule: any) => (rule.from ?? [])
      .some((peer: any) => peer.ipBlock && cidrContains(peer.ipBlock.cidr, PROBE_SOURCE))));
    if (deniesIngress && !admitsProbes) {
      violations.push(`namespace ${name}: denies all ingress but not ${PROBE_SOURCE}, where the CNI agent sends kubelet probes from; every probe fails`);
    }
    // The database operator runs outside the mesh and calls its instances directly.
    for (const db of databases) {
      if (member(name, db.spec.inheritedMetadata?.labels ?? {})) {
        violations.push(`database ${name}/${db.metadata.name}: its pods are in the mesh, so STRICT mTLS refuses the CloudNativePG operator`);
      }
    }
  }
  // A mesh client's own callers (the load balancer, in-namespace tools) are outside the mesh.
  for (const release of releases) {
    if (member(release.namespace, CALLER_POD_LABELS[release.chart]?.(release.values) ?? {}) && modeOf(release.namespace) === 'STRICT') {
      violations.push(`${release.chart} in ${release.namespace}: joined the mesh under STRICT mTLS, so its own plain-text callers are refused`);
    }
  }
  return violations;
}

function cidrContains(cidr: string, address: string): boolean {
  const [base, bits] = cidr.split('/');
  const toInt = (a: string) => a.split('.').reduce((n, octet) => n * 256 + Number(octet), 0);
  const size = 2 ** (32 - Number(bits));
  return Math.floor(toInt(address) / size) === Math.floor(toInt(base) / size);
}
