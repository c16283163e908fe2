import { validateKubernetesObjects } from './kubernetes-schemas';

describe('schema validation of synthesized objects', () => {
  test('accepts valid core and custom objects', () => {
    expect(validateKubernetesObjects([
      { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'a' } },
      { apiVersion: 'cert-manager.io/v1', kind: 'ClusterIssuer', metadata: { name: 'ca' }, spec: { selfSigned: {} } },
    ])).toBe(2);
  });

  test('rejects an object that breaks its schema, and a kind without a schema', () => {
    expect(() => validateKubernetesObjects([{ apiVersion: 'v1', kind: 'ResourceQuota', metadata: { name: 'q' }, spec: { hard: 5 } }]))
      .toThrow(/v1 ResourceQuota '\/q' does not match its schema/);
    expect(() => validateKubernetesObjects([{ apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' } }]))
      .toThrow(/example.com\/v1 Widget '\/w': no schema for this kind/);
  });
});
