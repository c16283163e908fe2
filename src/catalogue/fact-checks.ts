import type { IConstruct } from 'constructs';
import type { AddOnVersionFact, CatalogueFactSource, EksAddOnVersionsFact, KubernetesVersionFact, NodeSizeFact, RegionFact } from './extensions';
import { isIsoDate } from '../_internal/days';
import { FleetError } from '../_internal/fleet-error';
import { isPlainObject } from '../_internal/input';
import { isKubeVersionRange } from '../_internal/kube-version-range';
import { NODE_SIZE_PATTERNS } from '../clusters/catalogue/node-sizes';
import { Cloud } from '../clusters/cloud';

/**
 * The rules every catalogue fact meets, built in or added by a fleet: the
 * same checks, so a fleet's own fact is as trustworthy as a built-in one.
 * Each throws a FleetError naming the fact and the fix.
 */

const URL_SOURCE = /^https:\/\/[^\s]+$/;
// The path may be followed by a note in parentheses: which files, under which value.
const REPO_SOURCE = /^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+@[^\s:]+:[^\s]+( \(.+\))?$/;
/** Checks `source` and `checked`. */
export function checkFactSource(scope: IConstruct, where: string, fact: CatalogueFactSource): void {
  if (typeof fact.source !== 'string' || !(URL_SOURCE.test(fact.source) || REPO_SOURCE.test(fact.source))) {
    throw FleetError.invalidProperty(scope, `${where}.source`, fact.source, 'must say where the fact was read: an https URL, or <owner>/<repo>@<tag>:<path>',
      "give the page or file you checked, e.g. 'cert-manager/cert-manager@v1.21.1:deploy/charts/cert-manager/Chart.yaml'");
  }
  if (!isIsoDate(fact.checked)) {
    throw FleetError.invalidProperty(scope, `${where}.checked`, fact.checked, 'must be the day the fact was checked, YYYY-MM-DD', "e.g. checked: '2026-12-02'");
  }
}

export function checkRegionFact(scope: IConstruct, where: string, fact: RegionFact): void {
  checkFactSource(scope, where, fact);
  if (fact.cloud === Cloud.AWS) {
    if (typeof fact.region !== 'string' || !/^[a-z]{2}(-[a-z]+)+-\d$/.test(fact.region)) {
      throw FleetError.invalidProperty(scope, `${where}.region`, fact.region, 'is not an AWS region name', "use the region's code, e.g. 'mx-central-1'");
    }
    const zones = fact.availabilityZoneIds ?? [];
    const prefix = zones[0]?.split('-az')[0];
    if (zones.length < 2 || zones.some((z) => typeof z !== 'string' || !/^[a-z0-9]+-az\d+$/.test(z) || z.split('-az')[0] !== prefix)) {
      throw FleetError.invalidProperty(scope, `${where}.availabilityZoneIds`, fact.availabilityZoneIds,
        'must list at least 2 availability zone IDs of the region that EKS may use',
        "give the zone IDs (aws ec2 describe-availability-zones --region <region> --query 'AvailabilityZones[].ZoneId'), e.g. ['mxc1-az1', 'mxc1-az2', 'mxc1-az3']");
    }
  } else if (fact.cloud === Cloud.AZURE) {
    if (typeof fact.region !== 'string' || !/^[a-z][a-z0-9]+$/.test(fact.region)) {
      throw FleetError.invalidProperty(scope, `${where}.region`, fact.region, 'is not an Azure region name', "use the region's name as the CLI lists it, e.g. 'mexicocentral'");
    }
    if (typeof fact.hasAvailabilityZones !== 'boolean') {
      throw FleetError.invalidProperty(scope, `${where}.hasAvailabilityZones`, fact.hasAvailabilityZones, 'must say whether the region has availability zones',
        'set hasAvailabilityZones: true or false');
    }
  } else {
    throw FleetError.invalidProperty(scope, `${where}.cloud`, fact.cloud, 'must be Cloud.AWS or Cloud.AZURE', 'attached clusters take any location; add regions for AWS or Azure');
  }
  if (fact.recoveryRegion !== undefined && (typeof fact.recoveryRegion !== 'string' || fact.recoveryRegion === fact.region)) {
    throw FleetError.invalidProperty(scope, `${where}.recoveryRegion`, fact.recoveryRegion, 'must be another region of the same cloud',
      'name the region its production clusters keep their backups in, e.g. the nearest one in the same jurisdiction');
  }
}

export function checkKubernetesVersionFact(scope: IConstruct, where: string, fact: KubernetesVersionFact): void {
  checkFactSource(scope, where, fact);
  if (!Object.values(Cloud).includes(fact.cloud)) {
    throw FleetError.invalidProperty(scope, `${where}.cloud`, fact.cloud, 'is not a cloud', 'use Cloud.AWS, Cloud.AZURE or Cloud.ATTACHED');
  }
  if (typeof fact.version !== 'string' || !/^1\.\d{2}$/.test(fact.version)) {
    throw FleetError.invalidProperty(scope, `${where}.version`, fact.version, "must be a Kubernetes minor version like '1.36'", "set version: '1.36'");
  }
  if (!isIsoDate(fact.endOfStandardSupport)) {
    throw FleetError.invalidProperty(scope, `${where}.endOfStandardSupport`, fact.endOfStandardSupport, 'must be the last day of standard support, YYYY-MM-DD',
      "e.g. endOfStandardSupport: '2027-08-31'");
  }
  if (fact.cloud !== Cloud.ATTACHED && fact.endOfSupport === undefined) {
    throw FleetError.invalidProperty(scope, `${where}.endOfSupport`, fact.endOfSupport, 'must say when all support ends on a cloud: the fleet refuses the version after it',
      'give the last day of extended or long-term support (on AKS without long-term support: the end of life)');
  }
  if (fact.endOfSupport !== undefined && (!isIsoDate(fact.endOfSupport) || fact.endOfSupport < fact.endOfStandardSupport)) {
    throw FleetError.invalidProperty(scope, `${where}.endOfSupport`, fact.endOfSupport, `must be a day (YYYY-MM-DD) no earlier than endOfStandardSupport (${fact.endOfStandardSupport})`,
      'give the last day of extended or long-term support, or leave it out');
  }
}

export function checkNodeSizeFact(scope: IConstruct, where: string, fact: NodeSizeFact): void {
  checkFactSource(scope, where, fact);
  if (fact.cloud !== Cloud.AWS && fact.cloud !== Cloud.AZURE) {
    throw FleetError.invalidProperty(scope, `${where}.cloud`, fact.cloud, 'must be Cloud.AWS or Cloud.AZURE', 'attached clusters declare their nodes themselves');
  }
  const shape = NODE_SIZE_PATTERNS[fact.cloud];
  if (typeof fact.size !== 'string' || !shape.pattern.test(fact.size)) {
    throw FleetError.invalidProperty(scope, `${where}.size`, fact.size, `is not ${fact.cloud === Cloud.AWS ? 'an EC2 instance type' : 'an Azure VM size'}`,
      `use a size such as '${shape.example}'`);
  }
  if (!Number.isInteger(fact.vcpus) || fact.vcpus <= 0 || !(typeof fact.memoryGiB === 'number' && fact.memoryGiB > 0)) {
    throw FleetError.invalidProperty(scope, `${where}`, `${fact.vcpus} vCPU, ${fact.memoryGiB} GiB`, 'must have a whole positive number of vcpus and positive memoryGiB',
      'give what one node of the size offers, e.g. vcpus: 2, memoryGiB: 8');
  }
}

export function checkAddOnVersionFact(
  scope: IConstruct, where: string, fact: AddOnVersionFact, knownIds: string[], standardImageNames: string[], chartNames: string[],
): void {
  checkFactSource(scope, where, fact);
  if (typeof fact.addOnId !== 'string' || !knownIds.includes(fact.addOnId)) {
    throw FleetError.invalidProperty(scope, `${where}.addOnId`, fact.addOnId, 'is not an add-on of the catalogue', `use one of ${knownIds.join(', ')}`);
  }
  for (const prop of ['version', 'appVersion'] as const) {
    if (typeof fact[prop] !== 'string' || !/^v?\d+\.\d+(\.\d+)?([-+][0-9A-Za-z.-]+)?$/.test(fact[prop])) {
      throw FleetError.invalidProperty(scope, `${where}.${prop}`, fact[prop], 'is not a version as the chart publishes it', "e.g. '1.22.0' or 'v1.22.0'");
    }
  }
  if (fact.kubeVersion !== undefined && !isKubeVersionRange(fact.kubeVersion)) {
    throw FleetError.invalidProperty(scope, `${where}.kubeVersion`, fact.kubeVersion, 'is not a SemVer range as Chart.yaml states it',
      "copy the chart's kubeVersion, e.g. '>=1.25.0-0', or leave it out when the chart states none");
  }
  const images = fact.images ?? {};
  const missing = standardImageNames.filter((name) => typeof images[name] !== 'string' || !/^[^\s:]+(:[^\s]+)?$/.test(images[name]));
  if (missing.length > 0) {
    throw FleetError.invalidProperty(scope, `${where}.images`, fact.images, `must pin the images the add-on sets with each version (${missing.join(', ')})`,
      `give images: { ${standardImageNames.map((n) => `'${n}': '<image>:<tag>'`).join(', ')} }`);
  }
  const installs = fact.installs;
  const charts = installs && typeof installs === 'object' ? Object.keys(installs) : [];
  const missingCharts = chartNames.filter((c) => !charts.includes(c));
  const isCrd = (c: unknown): boolean => isPlainObject(c) && ['name', 'group', 'kind', 'scope'].every((k) => typeof c[k] === 'string' && c[k] !== '')
    && ['Namespaced', 'Cluster'].includes(c.scope as string) && (c.name as string).endsWith(`.${c.group as string}`);
  const bad = charts.find((c) => !Array.isArray(installs[c]?.crds) || !Array.isArray(installs[c]?.clusterKinds) || !installs[c].crds.every(isCrd)
    || !installs[c].clusterKinds.every((k) => typeof k === 'string' && k !== ''));
  if (missingCharts.length > 0 || bad !== undefined) {
    throw FleetError.invalidProperty(scope, `${where}.installs`, installs,
      `must record what each chart of the version installs (${chartNames.join(', ')}): its CRDs (name <plural>.<group>, group, kind, ` +
      'scope Namespaced or Cluster) and cluster-scoped kinds',
      `read them from the chart at this version, e.g. installs: { '${chartNames[0]}': { crds: [{ name: 'certificates.cert-manager.io', group: 'cert-manager.io', ` +
      "kind: 'Certificate', scope: 'Namespaced' }], clusterKinds: ['rbac.authorization.k8s.io/ClusterRole'] } }");
  }
}

const EKS_BUILD = /^v\d+\.\d+\.\d+-eksbuild\.\d+$/;

export function checkEksAddOnVersionsFact(scope: IConstruct, where: string, fact: EksAddOnVersionsFact): void {
  checkFactSource(scope, where, fact);
  if (typeof fact.kubernetesVersion !== 'string' || !/^1\.\d{2}$/.test(fact.kubernetesVersion)) {
    throw FleetError.invalidProperty(scope, `${where}.kubernetesVersion`, fact.kubernetesVersion, "must be a Kubernetes minor version like '1.36'", "set kubernetesVersion: '1.36'");
  }
  for (const prop of ['vpcCni', 'kubeProxy', 'coredns', 'awsEbsCsiDriver', 'eksPodIdentityAgent'] as const) {
    if (typeof fact[prop] !== 'string' || !EKS_BUILD.test(fact[prop])) {
      throw FleetError.invalidProperty(scope, `${where}.${prop}`, fact[prop], 'is not an EKS add-on build',
        'use a version as aws eks describe-addon-versions lists it, e.g. v1.21.1-eksbuild.7');
    }
  }
}

