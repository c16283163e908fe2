import type { AddOnContext } from './add-on';
import { AddOnRelease, HelmAddOn } from './helm-add-on';
import { addNativeObject } from './native';
import { FleetError } from '../_internal/fleet-error';
import { checkAddOnOptions } from '../_internal/input';
import type { ICluster } from '../clusters/cluster';

/** Options of the logging path. */
export interface FluentBitOptions {
  /** The central Loki push endpoint, e.g. `https://logs.acme.example/loki/api/v1/push`. */
  readonly lokiUrl: string;
}

/**
 * Fluent Bit, the fleet's one log path: container logs enriched with
 * Kubernetes metadata, labelled with fleet, cluster and namespace, shipped
 * to a central Loki.
 */
export class FluentBit extends HelmAddOn {
  public static readonly ID = 'fluent-bit';

  constructor(private readonly options: FluentBitOptions) {
    super({ id: FluentBit.ID });
    checkAddOnOptions(FluentBit.ID, options, true);
    if (typeof options?.lokiUrl !== 'string' || !/^https:\/\/[^/\s]+(\/\S*)?$/.test(options.lokiUrl)) {
      throw FleetError.invalidAddOnOption(this.id, 'lokiUrl', options?.lokiUrl, 'must be an https URL', "e.g. 'https://logs.acme.example/loki/api/v1/push'");
    }
  }

  protected releases(cluster: ICluster, _context: AddOnContext): AddOnRelease[] {
    const url = new URL(this.options.lokiUrl);
    return [{
      name: this.id,
      namespace: 'logging',
      values: {
        config: {
          outputs: [
            '[OUTPUT]',
            '    Name loki',
            '    Match kube.*',
            `    Host ${url.hostname}`,
            `    Port ${url.port || '443'}`,
            `    Uri ${url.pathname}`,
            '    tls On',
            '    tls.verify On',
            `    labels fleet=${cluster.tags.fleet}, cluster=${cluster.clusterName}, namespace=$kubernetes['namespace_name'], app=$kubernetes['labels']['app.kubernetes.io/name']`,
            '    line_format json',
          ].join('\n'),
        },
        serviceMonitor: { enabled: true },
      },
    }];
  }
}

/** Options of the tracing pipeline. */
export interface OpenTelemetryOptions {
  /** A central OTLP endpoint traces are exported to, e.g. `https://otlp.acme.example:4317`. @default - traces stay in the collector (debug export) */
  readonly exportEndpoint?: string;
}

/** Where the cluster's collector runs, and the OTLP ports it receives on (gRPC, HTTP). */
export const OTEL_COLLECTOR_NAMESPACE = 'opentelemetry-operator-system';
export const OTLP_PORTS = [4317, 4318];

/**
 * The OpenTelemetry operator and a cluster-wide collector: applications send
 * OTLP to `fleet-collector.opentelemetry-operator-system:4317`; the collector
 * adds the cluster's attributes and exports to the central backend.
 */
export class OpenTelemetry extends HelmAddOn {
  public static readonly ID = 'opentelemetry-operator';

  constructor(private readonly options: OpenTelemetryOptions = {}) {
    super({ id: OpenTelemetry.ID, requires: ['cert-manager'] });
    checkAddOnOptions(OpenTelemetry.ID, options);
    if (options.exportEndpoint !== undefined && !/^https:\/\/\S+$/.test(options.exportEndpoint)) {
      throw FleetError.invalidAddOnOption(this.id, 'exportEndpoint', options.exportEndpoint, 'must be an https URL', "e.g. 'https://otlp.acme.example:4317'");
    }
  }

  protected releases(_cluster: ICluster, _context: AddOnContext): AddOnRelease[] {
    return [{
      name: this.id,
      namespace: OTEL_COLLECTOR_NAMESPACE,
      values: { manager: { collectorImage: { repository: 'otel/opentelemetry-collector-k8s' } }, admissionWebhooks: { certManager: { enabled: true } } },
    }];
  }

  protected addObjects(cluster: ICluster, context: AddOnContext): void {
    // `otlp_grpc` is the exporter's type in the pinned collector (0.158.0); `otlp` is its deprecated alias
    // (open-telemetry/opentelemetry-collector@v0.158.0:exporter/otlpexporter/metadata.yaml). The receiver stays `otlp`.
    const exporter = this.options.exportEndpoint ? { otlp_grpc: { endpoint: this.options.exportEndpoint } } : { debug: {} };
    addNativeObject(context.chart, 'collector', {
      apiVersion: 'opentelemetry.io/v1beta1',
      kind: 'OpenTelemetryCollector',
      metadata: { name: 'fleet', namespace: OTEL_COLLECTOR_NAMESPACE },
      spec: {
        mode: 'deployment',
        replicas: 2,
        config: {
          receivers: { otlp: { protocols: { grpc: { endpoint: `0.0.0.0:${OTLP_PORTS[0]}` }, http: { endpoint: `0.0.0.0:${OTLP_PORTS[1]}` } } } },
          processors: {
            batch: {},
            resource: {
              attributes: [
                { key: 'k8s.cluster.name', value: cluster.clusterName, action: 'upsert' },
                { key: 'fleet', value: cluster.tags.fleet, action: 'upsert' },
              ],
            },
          },
          exporters: exporter,
          service: { pipelines: { traces: { receivers: ['otlp'], processors: ['resource', 'batch'], exporters: Object.keys(exporter) } } },
        },
      },
    });
  }
}
