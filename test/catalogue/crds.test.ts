import { addOnCatalogueEntry, catalogueIds, chartFacts, engineFacts, recordedCharts } from '../../src';

/** Charts an add-on installs besides its catalogue chart (same repository and version). */
const EXTRA_CHARTS: { [id: string]: string[] } = { istio: ['base', 'cni', 'ztunnel', 'gateway'] };
const ENGINES = ['argo-cd', 'flux'];
const SOURCE = /^[\w.-]+\/[\w.-]+@[\w.+-]+:\S+/;

describe('what each pinned release installs', () => {
  test('every catalogued version has recorded facts, for every chart it installs', () => {
    const expected: string[] = [];
    for (const id of catalogueIds()) {
      const entry = addOnCatalogueEntry(id);
      for (const { version } of entry.versions) {
        if (ENGINES.includes(id)) {
          expect([id, version, engineFacts(id, version) !== undefined]).toEqual([id, version, true]);
          continue;
        }
        for (const chart of [entry.chart!, ...(EXTRA_CHARTS[id] ?? [])]) {
          expect([chart, version, chartFacts(chart, version) !== undefined]).toEqual([chart, version, true]);
          expected.push(`${chart}@${version}`);
        }
      }
    }
    // Nothing recorded for a version the catalogue no longer offers.
    expect(recordedCharts()).toEqual(expected.sort());
  });

  test('every fact names where it was read and when', () => {
    const all = [
      ...recordedCharts().map((c) => chartFacts(c.split('@')[0], c.split('@')[1])!),
      ...ENGINES.flatMap((id) => addOnCatalogueEntry(id).versions.map((v) => engineFacts(id, v.version)!)),
    ];
    for (const facts of all) {
      expect(facts.source).toMatch(SOURCE);
      expect(facts.checked).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      for (const crd of facts.crds) {
        expect(crd.name.endsWith(`.${crd.group}`)).toBe(true);
        expect(['Namespaced', 'Cluster']).toContain(crd.scope);
      }
    }
  });
});
