import type { AddOnContext } from './add-on';
import { checkDnsZones, parseAzureDnsZone, route53ZoneArns } from './dns-zones';
import { AddOnRelease, HelmAddOn } from './helm-add-on';
import { KubePrometheusStack } from './kube-prometheus-stack';
import { addNativeObject } from './native';
import { FleetError } from '../_internal/fleet-error';
import { checkAddOnOptions } from '../_internal/input';
import { Cloud } from '../clusters/cloud';
import type { ICluster } from '../clusters/cluster';
import type { WorkloadIdentityBinding } from '../clusters/workload-identity';

/** ACME certificates through DNS-01 in the cloud's DNS, with workload identity. */
export interface CertManagerAcmeOptions {
  /** Account e-mail for expiry notices. */
  readonly email: string;
  /** ACME directory. @default - Let's Encrypt production */
  readonly server?: string;
  /** Route 53 hosted zone ids the EKS clusters may answer challenges in, e.g. `Z0123456789ABC`. @default - none */
  readonly route53HostedZoneIds?: string[];
  /** Azure DNS zone resource ids the AKS clusters may answer challenges in. @default - none */
  readonly azureDnsZoneIds?: string[];
}

/** Options of cert-manager. */
export interface CertManagerOptions {
  /** Public certificates from an ACME CA. @default - the internal CA issuer only */
  readonly acme?: CertManagerAcmeOptions;
}

const NAMESPACE = 'cert-manager';
const SERVICE_ACCOUNT = 'cert-manager';

/**
 * cert-manager with two ClusterIssuers on every cluster: `fleet-internal-ca`,
 * a CA of the cluster's own for service-to-service TLS, and, when `acme` is
 * given, `letsencrypt`, which answers DNS-01 challenges in Route 53 or Azure
 * DNS as its own workload identity (no stored cloud keys).
 */
export class CertManager extends HelmAddOn {
  public static readonly ID = 'cert-manager';
  /** The ClusterIssuer of public certificates (ACME), where the cluster's cloud has DNS zones for it. */
  public static readonly ACME_ISSUER = 'letsencrypt';
  /** The ClusterIssuer of the cluster's own CA, on every cluster. */
  public static readonly INTERNAL_ISSUER = 'fleet-internal-ca';

  /** DNS-01 identities, per cluster, between a cluster's releases and its objects. */
  private readonly identities = new Map<ICluster, WorkloadIdentityBinding | undefined>();

  constructor(private readonly options: CertManagerOptions = {}) {
    // Its ServiceMonitor needs the monitoring stack's CRD, so it comes after the stack where both run.
    super({ id: CertManager.ID, orderAfter: [KubePrometheusStack.ID] });
    checkAddOnOptions(CertManager.ID, options);
    const acme = options.acme;
    if (acme) {
      if (typeof acme.email !== 'string' || !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(acme.email)) {
        throw FleetError.invalidAddOnOption(this.id, 'acme.email', acme.email, 'is not an e-mail address', 'give the address that receives expiry notices');
      }
      checkDnsZones(this.id, 'acme.', acme.route53HostedZoneIds, acme.azureDnsZoneIds);
    }
  }

  protected releases(cluster: ICluster, context: AddOnContext): AddOnRelease[] {
    const identity = this.identity(cluster);
    this.identities.set(cluster, identity);
    return [{
      name: this.id,
      namespace: NAMESPACE,
      values: {
        crds: { enabled: true, keep: true },
        replicaCount: 2,
        podDisruptionBudget: { enabled: true, minAvailable: 1 },
        serviceAccount: { name: SERVICE_ACCOUNT, annotations: identity?.serviceAccountAnnotations ?? {} },
        podLabels: identity?.podLabels ?? {},
        // The stack scrapes ServiceMonitors, and the chart makes none by default; honorLabels keeps each
        // certificate's own namespace label, which CertificateExpiringSoon reports.
        prometheus: { enabled: true, servicemonitor: { enabled: context.onCluster.includes(KubePrometheusStack.ID), honorLabels: true } },
      },
    }];
  }

  protected addObjects(cluster: ICluster, context: AddOnContext): void {
    const chart = context.chart;
    addNativeObject(chart, 'selfsigned', {
      apiVersion: 'cert-manager.io/v1', kind: 'ClusterIssuer', metadata: { name: 'fleet-selfsigned' }, spec: { selfSigned: {} },
    });
    addNativeObject(chart, 'internal-ca-certificate', {
      apiVersion: 'cert-manager.io/v1',
      kind: 'Certificate',
      metadata: { name: 'fleet-internal-ca', namespace: NAMESPACE },
      spec: {
        isCA: true,
        commonName: `${cluster.clusterName} internal CA`,
        secretName: 'fleet-internal-ca',
        duration: '87600h',
        renewBefore: '720h',
        privateKey: { algorithm: 'ECDSA', size: 256 },
        issuerRef: { name: 'fleet-selfsigned', kind: 'ClusterIssuer', group: 'cert-manager.io' },
      },
    });
    addNativeObject(chart, 'internal-ca', {
      apiVersion: 'cert-manager.io/v1', kind: 'ClusterIssuer', metadata: { name: CertManager.INTERNAL_ISSUER }, spec: { ca: { secretName: 'fleet-internal-ca' } },
    });
    const solver = this.dnsSolver(cluster, this.identities.get(cluster));
    if (this.options.acme && solver) {
      addNativeObject(chart, 'acme', {
        apiVersion: 'cert-manager.io/v1',
        kind: 'ClusterIssuer',
        metadata: { name: CertManager.ACME_ISSUER },
        spec: {
          acme: {
            email: this.options.acme.email,
            server: this.options.acme.server ?? 'https://acme-v02.api.letsencrypt.org/directory',
            privateKeySecretRef: { name: 'letsencrypt-account-key' },
            solvers: [solver],
          },
        },
      });
    }
  }

  /** Whether the cluster got the ACME issuer (after the add-on is bound to it). */
  /** The ACME settings (the zones DNS-01 challenges are answered in), if the issuer is on. */
  public get acme(): CertManagerAcmeOptions | undefined {
    return this.options.acme;
  }

  public hasAcmeIssuer(cluster: ICluster): boolean {
    return this.options.acme !== undefined && this.identities.get(cluster) !== undefined;
  }

  /** The DNS-01 identity, where the cluster's cloud has zones to answer in. */
  private identity(cluster: ICluster): WorkloadIdentityBinding | undefined {
    const acme = this.options.acme;
    if (!acme || !cluster.supportsWorkloadIdentity) {
      return undefined;
    }
    const route53 = acme.route53HostedZoneIds ?? [];
    const azure = acme.azureDnsZoneIds ?? [];
    if ((cluster.cloud === Cloud.AWS && route53.length === 0) || (cluster.cloud === Cloud.AZURE && azure.length === 0)) {
      return undefined;
    }
    return cluster.bindWorkloadIdentity({
      namespace: NAMESPACE,
      serviceAccount: SERVICE_ACCOUNT,
      policyStatements: route53.length === 0 ? [] : [
        { actions: ['route53:GetChange'], resources: ['arn:aws:route53:::change/*'] },
        { actions: ['route53:ChangeResourceRecordSets', 'route53:ListResourceRecordSets'], resources: route53ZoneArns(route53) },
        { actions: ['route53:ListHostedZonesByName'], resources: ['*'] },
      ],
      roleAssignments: azure.map((scope) => ({ roleDefinitionName: 'DNS Zone Contributor', scope })),
    });
  }

  private dnsSolver(cluster: ICluster, identity: WorkloadIdentityBinding | undefined): { [key: string]: any } | undefined {
    if (!identity) {
      return undefined;
    }
    if (cluster.cloud === Cloud.AWS) {
      // Ambient credentials: the role comes from the service account's IRSA annotation.
      return { dns01: { route53: { region: cluster.region } } };
    }
    const zone = parseAzureDnsZone(this.options.acme!.azureDnsZoneIds![0]);
    return {
      dns01: {
        azureDNS: { subscriptionID: zone.subscriptionId, resourceGroupName: zone.resourceGroup, hostedZoneName: zone.zoneName, environment: 'AzurePublicCloud', managedIdentity: { clientID: identity.identity } },
      },
    };
  }
}
