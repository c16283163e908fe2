import { Cloud } from '../clusters/cloud';
import type { ICluster } from '../clusters/cluster';

/** The add-on that provisions load balancers on EKS. */
export const AWS_LOAD_BALANCER_CONTROLLER = 'aws-load-balancer-controller';

/**
 * The annotations of a public layer-4 LoadBalancer Service in front of an
 * ingress controller or gateway. On EKS with the AWS Load Balancer
 * Controller, an NLB it owns with IP targets (`external` hands the Service
 * to the controller; kubernetes-sigs/aws-load-balancer-controller@v3.5.0:
 * docs/guide/service/annotations.md); without it, the legacy in-tree NLB.
 * On AKS, the load balancer probes the controller's health path.
 */
export function publicLoadBalancerAnnotations(cluster: ICluster, onCluster: string[], healthPath?: string): { [key: string]: string } {
  if (cluster.cloud === Cloud.AWS) {
    return onCluster.includes(AWS_LOAD_BALANCER_CONTROLLER)
      ? {
        'service.beta.kubernetes.io/aws-load-balancer-type': 'external',
        'service.beta.kubernetes.io/aws-load-balancer-nlb-target-type': 'ip',
        'service.beta.kubernetes.io/aws-load-balancer-scheme': 'internet-facing',
      }
      : { 'service.beta.kubernetes.io/aws-load-balancer-type': 'nlb', 'service.beta.kubernetes.io/aws-load-balancer-scheme': 'internet-facing' };
  }
  if (cluster.cloud === Cloud.AZURE && healthPath) {
    return { 'service.beta.kubernetes.io/azure-load-balancer-health-probe-request-path': healthPath };
  }
  return {};
}
