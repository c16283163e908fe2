import { ApiObject, ApiObjectMetadata } from 'cdk8s';
import type { Construct } from 'constructs';

/** A custom resource an add-on owns (issuer, policy, rule…). */
export interface NativeObjectProps {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: ApiObjectMetadata;
  readonly spec: { [key: string]: any };
}

/**
 * Adds a custom resource of an add-on to its configuration chart. Its CRD
 * arrives with a release, so the object belongs to the config layer, which
 * the engine syncs only once every release is healthy (see src/gitops).
 */
export function addNativeObject(scope: Construct, id: string, props: NativeObjectProps): ApiObject {
  return new ApiObject(scope, id, { apiVersion: props.apiVersion, kind: props.kind, metadata: props.metadata, spec: props.spec });
}
