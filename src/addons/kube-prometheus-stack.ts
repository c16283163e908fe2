import type { AddOnContext } from './add-on';
import { AddOnRelease, HelmAddOn } from './helm-add-on';
import { addMeshClientPolicy, meshClientPodLabels } from './mesh';
import { addNativeObject } from './native';
import { FleetError } from '../_internal/fleet-error';
import { checkAddOnOptions } from '../_internal/input';
import type { ICluster } from '../clusters/cluster';

/** Options of the monitoring stack. */
export interface KubePrometheusStackOptions {
  /** A central Prometheus-compatible endpoint to remote-write to, e.g. `https://metrics.acme.example/api/v1/write`. @default - local only */
  readonly remoteWriteUrl?: string;
  /** Days Prometheus keeps metrics on the cluster. @default 15 */
  readonly retentionDays?: number;
}

const NAMESPACE = 'monitoring';

/**
 * kube-prometheus-stack: Prometheus, Alertmanager and the exporters, every
 * series labelled with fleet, cluster, cloud and region, optionally written
 * to a central endpoint, plus the fleet's standard alert rules.
 */
export class KubePrometheusStack extends HelmAddOn {
  public static readonly ID = 'kube-prometheus-stack';

  constructor(private readonly options: KubePrometheusStackOptions = {}) {
    super({ id: KubePrometheusStack.ID });
    checkAddOnOptions(KubePrometheusStack.ID, options);
    if (options.remoteWriteUrl !== undefined && !/^https:\/\/\S+$/.test(options.remoteWriteUrl)) {
      throw FleetError.invalidAddOnOption(this.id, 'remoteWriteUrl', options.remoteWriteUrl, 'must be an https URL', "e.g. 'https://metrics.acme.example/api/v1/write'");
    }
    const days = options.retentionDays ?? 15;
    if (!Number.isInteger(days) || days < 1 || days > 90) {
      throw FleetError.invalidAddOnOption(this.id, 'retentionDays', options.retentionDays, 'must be a whole number of days from 1 to 90', 'keep long-term metrics centrally through remoteWriteUrl');
    }
  }

  protected releases(cluster: ICluster, context: AddOnContext): AddOnRelease[] {
    return [{
      name: this.id,
      namespace: NAMESPACE,
      values: {
        crds: { enabled: true },
        grafana: { enabled: false },
        // EKS and AKS run the control plane out of reach, k3s runs it in one process, and kube-proxy's metrics listen
        // on localhost (or it is replaced, as with Cilium on AKS): these targets are never up, and their Down alerts
        // would fire forever. Off, the chart drops both the targets and their rules
        // (prometheus-community/helm-charts@kube-prometheus-stack-88.5.3:charts/kube-prometheus-stack/templates/prometheus/rules-1.14).
        kubeControllerManager: { enabled: false },
        kubeScheduler: { enabled: false },
        kubeEtcd: { enabled: false },
        kubeProxy: { enabled: false },
        alertmanager: { alertmanagerSpec: { replicas: 2 } },
        prometheus: {
          prometheusSpec: {
            replicas: 2,
            retention: `${this.options.retentionDays ?? 15}d`,
            externalLabels: { fleet: cluster.tags.fleet, cluster: cluster.clusterName, cloud: cluster.cloud, region: cluster.region },
            ruleSelectorNilUsesHelmValues: false,
            serviceMonitorSelectorNilUsesHelmValues: false,
            podMonitorSelectorNilUsesHelmValues: false,
            // With the mesh, Prometheus scrapes team pods as a mesh client (they accept mutual TLS only).
            ...(meshClientPodLabels(context) ? { podMetadata: { labels: meshClientPodLabels(context) } } : {}),
            ...(this.options.remoteWriteUrl ? { remoteWrite: [{ url: this.options.remoteWriteUrl }] } : {}),
          },
        },
      },
    }];
  }

  protected addObjects(cluster: ICluster, context: AddOnContext): void {
    addMeshClientPolicy(context, NAMESPACE);
    addNativeObject(context.chart, 'fleet-rules', {
      apiVersion: 'monitoring.coreos.com/v1',
      kind: 'PrometheusRule',
      metadata: { name: 'fleet-standard', namespace: NAMESPACE },
      spec: {
        groups: [{
          name: 'fleet.standard',
          rules: [
            alertRule(cluster, 'NodeNotReady', 'kube_node_status_condition{condition="Ready",status="true"} == 0', '10m', 'critical',
              'Node {{ $labels.node }} has not been Ready for 10 minutes.'),
            alertRule(cluster, 'PodCrashLooping', 'increase(kube_pod_container_status_restarts_total[15m]) > 3', '5m', 'warning',
              'Pod {{ $labels.namespace }}/{{ $labels.pod }} restarts repeatedly.'),
            alertRule(cluster, 'PersistentVolumeFillingUp', 'kubelet_volume_stats_available_bytes / kubelet_volume_stats_capacity_bytes < 0.10', '15m', 'warning',
              'Volume {{ $labels.persistentvolumeclaim }} has less than 10% free.'),
            alertRule(cluster, 'CertificateExpiringSoon', 'certmanager_certificate_expiration_timestamp_seconds - time() < 7 * 24 * 3600', '1h', 'warning',
              'Certificate {{ $labels.namespace }}/{{ $labels.name }} expires within 7 days.'),
          ],
        }],
      },
    });
  }
}

/** One fleet alert, labelled with its severity and the cluster it fires on. */
function alertRule(cluster: ICluster, alert: string, expr: string, forDuration: string, severity: string, summary: string): { [key: string]: any } {
  return { alert, expr, for: forDuration, labels: { severity, cluster: cluster.clusterName }, annotations: { summary } };
}
