import { eksAddonCatalogueVersions, eksAddonVersions } from '../../src/clusters/catalogue/eks-addons';
import { supportedKubernetesVersions } from '../../src/clusters/catalogue/kubernetes-versions';
import { Cloud } from '../../src/clusters/cloud';

describe('EKS add-on catalogue', () => {
  test('has a row for exactly the Kubernetes versions EKS clusters may run', () => {
    expect(eksAddonCatalogueVersions()).toEqual(supportedKubernetesVersions(Cloud.AWS).map((v) => v.version));
  });

  test('every pin is an EKS build of a release, and kube-proxy follows its Kubernetes minor', () => {
    for (const version of eksAddonCatalogueVersions()) {
      const row = eksAddonVersions(version);
      for (const pin of Object.values(row)) {
        expect(pin).toMatch(/^v\d+\.\d+\.\d+(-minimal)?-eksbuild\.\d+$/);
      }
      expect(row['kube-proxy'].startsWith(`v${version}.`)).toBe(true);
    }
  });

  test('a version without a row is a catalogue bug that says where to fix it', () => {
    expect(() => eksAddonVersions('1.30')).toThrow(
      'The EKS add-on catalogue has no row for Kubernetes 1.30 (EKS versions: 1.31, 1.32, 1.33, 1.34, 1.35); add one to src/clusters/catalogue/eks-addons.ts');
  });
});
