import { ApiObject } from 'cdk8s';
import { DeliveryLayer } from '../../gitops/layers';
import type { ClusterBase } from '../cluster-base';

/** The StorageClass name every EKS cluster of the fleet offers, and its default. */
export const AWS_DEFAULT_STORAGE_CLASS = 'gp3-encrypted';

/**
 * The cluster's default StorageClass: gp3 volumes through the EBS CSI driver,
 * encrypted with the cluster key (named by its alias, which EBS resolves in
 * the cluster's region, so the YAML needs no account id), bound where the
 * pod lands so that the volume and the pod share a zone, and expandable.
 */
export function addEncryptedStorageClass(cluster: ClusterBase, kmsKeyAlias: string): void {
  const chart = cluster.addChart('storage', { order: 1, layer: DeliveryLayer.RELEASES });
  new ApiObject(chart, 'default-storage-class', {
    apiVersion: 'storage.k8s.io/v1',
    kind: 'StorageClass',
    metadata: {
      name: AWS_DEFAULT_STORAGE_CLASS,
      annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' },
    },
    provisioner: 'ebs.csi.aws.com',
    parameters: { type: 'gp3', encrypted: 'true', kmsKeyId: kmsKeyAlias },
    reclaimPolicy: 'Delete',
    volumeBindingMode: 'WaitForFirstConsumer',
    allowVolumeExpansion: true,
  });
}
