import { ApiObject } from 'cdk8s';
import type { AddOnContext } from './add-on';
import { checkDnsZones, parseAzureDnsZone, route53ZoneArns } from './dns-zones';
import { AddOnRelease, HelmAddOn } from './helm-add-on';
import { FleetError } from '../_internal/fleet-error';
import { checkAddOnOptions } from '../_internal/input';
import { Cloud } from '../clusters/cloud';
import type { ICluster } from '../clusters/cluster';

/** Options of external-dns. */
export interface ExternalDnsOptions {
  /** Domains external-dns may write records in, e.g. `acme.example`. */
  readonly domainFilters: string[];
  /** Route 53 hosted zone ids of those domains (EKS clusters). @default - none: EKS clusters get no external-dns */
  readonly route53HostedZoneIds?: string[];
  /** Azure DNS zone resource ids of those domains (AKS clusters). @default - none: AKS clusters get no external-dns */
  readonly azureDnsZoneIds?: string[];
}

const NAMESPACE = 'external-dns';
const AZURE_CONFIG = 'external-dns-azure';
const DOMAIN = /^([a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;

/**
 * external-dns, writing records for Services and Ingresses into Route 53 or
 * Azure DNS as its own workload identity. Each cluster owns its records
 * through a TXT registry keyed by the cluster name, and only upserts: it
 * never deletes records another cluster or a person made.
 */
export class ExternalDns extends HelmAddOn {
  public static readonly ID = 'external-dns';

  constructor(private readonly options: ExternalDnsOptions) {
    super({ id: ExternalDns.ID });
    checkAddOnOptions(ExternalDns.ID, options, true);
    const domains = options?.domainFilters ?? [];
    if (domains.length === 0 || domains.some((d) => typeof d !== 'string' || !DOMAIN.test(d))) {
      throw FleetError.invalidAddOnOption(this.id, 'domainFilters', domains, 'must list the DNS domains external-dns may write in', "e.g. domainFilters: ['apps.acme.example']");
    }
    checkDnsZones(this.id, '', options.route53HostedZoneIds, options.azureDnsZoneIds);
  }

  /** The domains and zones external-dns writes in. */
  public get settings(): ExternalDnsOptions {
    return { ...this.options };
  }

  /** On clusters of a cloud whose zones were given. */
  public appliesTo(cluster: ICluster): boolean {
    return (cluster.cloud === Cloud.AWS && (this.options.route53HostedZoneIds ?? []).length > 0)
      || (cluster.cloud === Cloud.AZURE && (this.options.azureDnsZoneIds ?? []).length > 0);
  }

  protected releases(cluster: ICluster, context: AddOnContext): AddOnRelease[] {
    const route53 = this.options.route53HostedZoneIds ?? [];
    const azure = this.options.azureDnsZoneIds ?? [];
    const zone = azure.length > 0 ? parseAzureDnsZone(azure[0]) : undefined;
    const identity = cluster.bindWorkloadIdentity({
      namespace: NAMESPACE,
      serviceAccount: 'external-dns',
      policyStatements: route53.length === 0 ? [] : [
        { actions: ['route53:ChangeResourceRecordSets', 'route53:ListResourceRecordSets', 'route53:ListTagsForResources'], resources: route53ZoneArns(route53) },
        { actions: ['route53:ListHostedZones'], resources: ['*'] },
      ],
      // The upstream Azure tutorial grants Reader on the zones' resource group as well (kubernetes-sigs/external-dns@v0.21.0:docs/tutorials/azure.md).
      roleAssignments: [
        ...azure.map((scope) => ({ roleDefinitionName: 'DNS Zone Contributor', scope })),
        ...[...new Set(azure.map((id) => { const z = parseAzureDnsZone(id); return `/subscriptions/${z.subscriptionId}/resourceGroups/${z.resourceGroup}`; }))]
          .map((scope) => ({ roleDefinitionName: 'Reader', scope })),
      ],
    });
    const common = {
      serviceAccount: { name: 'external-dns', annotations: identity.serviceAccountAnnotations },
      podLabels: identity.podLabels,
      domainFilters: this.options.domainFilters,
      txtOwnerId: cluster.clusterName,
      txtPrefix: 'extdns-',
      policy: 'upsert-only',
      sources: ['service', 'ingress'],
    };
    if (cluster.cloud === Cloud.AWS) {
      // The chart has no zone filter value: the flag goes through extraArgs, repeated per zone (a map of lists).
      return [{
        name: this.id,
        namespace: NAMESPACE,
        values: { ...common, provider: { name: 'aws' }, extraArgs: { 'zone-id-filter': route53 }, env: [{ name: 'AWS_DEFAULT_REGION', value: cluster.region }] },
      }];
    }
    this.addAzureConfig(context, zone!);
    return [{
      name: this.id,
      namespace: NAMESPACE,
      values: {
        ...common,
        provider: { name: 'azure' },
        extraArgs: { 'azure-resource-group': zone!.resourceGroup, 'azure-subscription-id': zone!.subscriptionId },
        extraVolumes: [{ name: 'azure-config', configMap: { name: AZURE_CONFIG } }],
        extraVolumeMounts: [{ name: 'azure-config', mountPath: '/etc/kubernetes', readOnly: true }],
      },
    }];
  }

  /**
   * The Azure provider always reads its config file (/etc/kubernetes/azure.json) and uses workload
   * identity only when the file says so (kubernetes-sigs/external-dns@v0.21.0:provider/azure/config.go);
   * the tenant and client ids come from the workload identity webhook's environment. Nothing in it is
   * secret, so a ConfigMap, created with its namespace before the release so the pod never waits for it.
   */
  private addAzureConfig(context: AddOnContext, zone: { subscriptionId: string; resourceGroup: string }): void {
    new ApiObject(context.releases, 'namespace', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: NAMESPACE } });
    new ApiObject(context.releases, 'azure-config', {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: AZURE_CONFIG, namespace: NAMESPACE },
      data: { 'azure.json': JSON.stringify({ subscriptionId: zone.subscriptionId, resourceGroup: zone.resourceGroup, useWorkloadIdentityExtension: true }) },
    });
  }
}
