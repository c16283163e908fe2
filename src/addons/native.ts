import { ApiObject, ApiObjectMetadata } from 'cdk8s';
import type { Construct } from 'constructs';
import type { AddOnContext } from './add-on';
import { GitOpsEngine } from './gitops';

/** A custom resource an add-on owns (issuer, policy, rule…). */
export interface NativeObjectProps {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: ApiObjectMetadata;
  readonly spec: { [key: string]: any };
}

/**
 * Adds a custom resource of an add-on to its chart. Its CRD arrives with the
 * add-on's chart, so under Argo CD it syncs one wave after the chart and
 * skips the dry run that would fail while the CRD is still missing.
 */
export function addNativeObject(scope: Construct, id: string, context: AddOnContext, props: NativeObjectProps): ApiObject {
  const annotations = context.gitOps.engine === GitOpsEngine.ARGO_CD ? argoSyncAnnotations(context.level + 1, true) : {};
  return new ApiObject(scope, id, {
    apiVersion: props.apiVersion,
    kind: props.kind,
    metadata: { ...props.metadata, annotations: { ...(props.metadata.annotations ?? {}), ...annotations } },
    spec: props.spec,
  });
}

/**
 * Argo CD annotations that sync an object in `wave`; a custom resource
 * whose CRD arrives in the same sync also skips the dry run that would fail.
 */
export function argoSyncAnnotations(wave: number, customResource: boolean): { [key: string]: string } {
  return {
    'argocd.argoproj.io/sync-wave': String(wave),
    ...(customResource ? { 'argocd.argoproj.io/sync-options': 'SkipDryRunOnMissingResource=true' } : {}),
  };
}
