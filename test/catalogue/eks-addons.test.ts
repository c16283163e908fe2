import { AwsCluster } from '../../src';
import { FleetCatalogue } from '../../src/catalogue/fleet-catalogue';
import { Cloud } from '../../src/clusters/cloud';
import { EKS_1_36, emptyFleet } from '../support/fixtures';

describe('EKS add-on catalogue', () => {
  const catalogue = new FleetCatalogue(emptyFleet().fleet, undefined);

  test('has a row for exactly the Kubernetes versions EKS clusters may run', () => {
    const rows = catalogue.entries.filter((e) => e.kind === 'eks-add-ons').map((e) => e.version);
    expect(rows).toEqual(catalogue.kubernetesVersions(Cloud.AWS).map((v) => v.version));
    expect(rows).toEqual(['1.32', '1.33', '1.34', '1.35']);
  });

  test('every pin is an EKS build of a release, and kube-proxy follows its Kubernetes minor', () => {
    for (const version of catalogue.kubernetesVersions(Cloud.AWS).map((v) => v.version)) {
      const row = catalogue.eksAddOnVersions(version)!;
      for (const pin of Object.values(row)) {
        expect(pin).toMatch(/^v\d+\.\d+\.\d+(-minimal)?-eksbuild\.\d+$/);
      }
      expect(row['kube-proxy']).toMatch(new RegExp(`^v${version.replace('.', '\\.')}\\.`));
    }
  });

  test('a version without a row is refused with the public way to add one', () => {
    const { fleet } = emptyFleet({ catalogue: { kubernetesVersions: [EKS_1_36] } });
    const props = { region: 'us-east-1', cidr: '10.1.0.0/16', kubernetesVersion: '1.36', kubernetesVersionReason: 'preview', nodePools: [{ name: 'general', size: 'm6i.large' }] };
    expect(() => new AwsCluster(fleet, 'c1', props))
      .toThrow("test/aws-us-east-1/c1: 'kubernetesVersion' has no EKS managed add-on builds in the catalogue, got \"1.36\". Fix: add them to the Fleet's catalogue: " +
        '{ eksAddOnVersions: [{ kubernetesVersion, vpcCni, kubeProxy, coredns, awsEbsCsiDriver, eksPodIdentityAgent, source, checked }] }');
  });
});
