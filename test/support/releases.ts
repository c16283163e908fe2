/** One chart release as the GitOps engine installs it. */
export interface Release {
  readonly name: string;
  readonly chart: string;
  readonly version: string;
  readonly namespace: string;
  readonly values: any;
}

/** The chart releases of a cluster's objects, under Argo CD (Applications) or Flux (HelmReleases). */
export function releasesOf(objects: any[]): Release[] {
  return objects.flatMap((o): Release[] => {
    if (o.kind === 'Application' && o.spec.source?.chart) {
      const { helm, chart, targetRevision } = o.spec.source;
      return [{ name: helm.releaseName, chart, version: targetRevision, namespace: o.spec.destination.namespace, values: helm.valuesObject ?? {} }];
    }
    if (o.kind === 'HelmRelease') {
      const { chart, version } = o.spec.chart.spec;
      return [{ name: o.spec.releaseName ?? o.metadata.name, chart, version, namespace: o.spec.targetNamespace, values: o.spec.values ?? {} }];
    }
    return [];
  });
}
