import { App } from 'cdktf';
import {
  AttachedCluster, AwsCluster, AzureCluster, Cloud, EksAddOnVersionsFact, Fleet, FleetProps, FleetTesting, KubernetesVersionFact,
} from '../../src';

/** Fleet props that satisfy every cloud: state backends and an Azure subscription. */
export const FLEET_PROPS: FleetProps = {
  kubernetesVersion: '1.35',
  waves: [{ name: 'canary' }, { name: 'main' }],
  awsStateBackend: { bucket: 'state-bucket', region: 'us-east-1' },
  azureStateBackend: { resourceGroupName: 'rg-state', storageAccountName: 'statestore', containerName: 'tfstate' },
  azureSubscriptionId: '00000000-1111-2222-3333-444444444444',
  deployer: { azurePrincipalId: 'aaaaaaaa-1111-2222-3333-444444444444', azureIpRanges: ['198.51.100.0/28'] },
};

/** A fresh app (temporary outdir) and an empty fleet in it. */
export function emptyFleet(props: Partial<FleetProps> = {}): { app: App; fleet: Fleet } {
  const app = FleetTesting.app();
  const fleet = new Fleet(app, 'test', { ...FLEET_PROPS, ...props });
  return { app, fleet };
}

/** Adds an EKS cluster with one small pool. */
export function addAws(fleet: Fleet, name: string, region: string, cidr: string, extra: object = {}): AwsCluster {
  return new AwsCluster(fleet, name, { region, cidr, nodePools: [{ name: 'general', size: 'm6i.large', min: 2, max: 4 }], ...extra });
}

/** Adds an AKS cluster with a system and a user pool. */
export function addAzure(fleet: Fleet, name: string, region: string, cidr: string, extra: object = {}): AzureCluster {
  return new AzureCluster(fleet, name, {
    region,
    cidr,
    systemPool: { name: 'system', size: 'Standard_D4s_v5', min: 1, max: 3 },
    nodePools: [{ name: 'apps', size: 'Standard_D8s_v5', min: 1, max: 5 }],
    ...extra,
  });
}

/** Adds an attached cluster of three nodes. */
export function addAttached(fleet: Fleet, name: string, extra: object = {}): AttachedCluster {
  return new AttachedCluster(fleet, name, { location: `site-${name}`, nodes: [{ name: 'servers', count: 3, vcpus: 4, memoryGiB: 16 }], ...extra });
}

/** The first resource of a type in a synthesized stack. */
export function resourceOf(stack: any, type: string): any {
  const all = Object.values(stack.resource?.[type] ?? {});
  if (all.length === 0) {
    throw new Error(`no ${type} in the stack`);
  }
  return all[0];
}

/** All resources of a type in a synthesized stack. */
export function resourcesOf(stack: any, type: string): any[] {
  return Object.values(stack.resource?.[type] ?? {});
}

/** The message of the error a function throws (fails the test when it does not throw). */
export function errorOf(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('expected an error, but none was thrown');
}

/** EKS 1.36 as a fleet adds it to its catalogue once EKS publishes it (test data, not a pin of the library). */
export const EKS_1_36: KubernetesVersionFact = {
  cloud: Cloud.AWS,
  version: '1.36',
  endOfStandardSupport: '2027-12-01',
  endOfSupport: '2028-12-01',
  source: 'https://docs.aws.amazon.com/eks/latest/userguide/kubernetes-versions.html',
  checked: '2026-12-02',
};

/** EKS managed add-on builds for 1.36, as a fleet adds them (test data). */
export const EKS_1_36_ADD_ONS: EksAddOnVersionsFact = {
  kubernetesVersion: '1.36',
  vpcCni: 'v1.21.1-eksbuild.7',
  kubeProxy: 'v1.36.0-eksbuild.1',
  coredns: 'v1.14.3-eksbuild.3',
  awsEbsCsiDriver: 'v1.58.0-eksbuild.1',
  eksPodIdentityAgent: 'v1.3.10-eksbuild.3',
  source: 'https://docs.aws.amazon.com/eks/latest/userguide/managing-kube-proxy.html',
  checked: '2026-12-02',
};
