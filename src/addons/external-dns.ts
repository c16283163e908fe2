import type { AddOnContext } from './add-on';
import { checkDnsZones, parseAzureDnsZone, route53ZoneArns } from './dns-zones';
import { AddOnRelease, HelmAddOn } from './helm-add-on';
import { FleetError } from '../_internal/fleet-error';
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
    const domains = options?.domainFilters ?? [];
    if (domains.length === 0 || domains.some((d) => typeof d !== 'string' || !DOMAIN.test(d))) {
      throw FleetError.invalidAddOnOption(this.id, 'domainFilters', domains, 'must list the DNS domains external-dns may write in', "e.g. domainFilters: ['apps.acme.example']");
    }
    checkDnsZones(this.id, '', options.route53HostedZoneIds, options.azureDnsZoneIds);
  }

  /** On clusters of a cloud whose zones were given. */
  public appliesTo(cluster: ICluster): boolean {
    return (cluster.cloud === Cloud.AWS && (this.options.route53HostedZoneIds ?? []).length > 0)
      || (cluster.cloud === Cloud.AZURE && (this.options.azureDnsZoneIds ?? []).length > 0);
  }

  protected releases(cluster: ICluster, _context: AddOnContext): AddOnRelease[] {
    const route53 = this.options.route53HostedZoneIds ?? [];
    const azure = this.options.azureDnsZoneIds ?? [];
    const identity = cluster.bindWorkloadIdentity({
      namespace: NAMESPACE,
      serviceAccount: 'external-dns',
      policyStatements: route53.length === 0 ? [] : [
        { actions: ['route53:ChangeResourceRecordSets', 'route53:ListResourceRecordSets', 'route53:ListTagsForResources'], resources: route53ZoneArns(route53) },
        { actions: ['route53:ListHostedZones'], resources: ['*'] },
      ],
      roleAssignments: azure.map((scope) => ({ roleDefinitionName: 'DNS Zone Contributor', scope })),
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
      return [{ name: this.id, namespace: NAMESPACE, values: { ...common, provider: { name: 'aws' }, zoneIdFilters: route53, env: [{ name: 'AWS_DEFAULT_REGION', value: cluster.region }] } }];
    }
    const { subscriptionId, resourceGroup } = parseAzureDnsZone(azure[0]);
    return [{
      name: this.id,
      namespace: NAMESPACE,
      values: { ...common, provider: { name: 'azure' }, extraArgs: [`--azure-resource-group=${resourceGroup}`, `--azure-subscription-id=${subscriptionId}`] },
    }];
  }
}
