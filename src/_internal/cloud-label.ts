import { Cloud } from '../clusters/cloud';

/** How error messages and the report name each platform. */
export function cloudLabel(cloud: Cloud): string {
  switch (cloud) {
    case Cloud.AWS: return 'Amazon EKS';
    case Cloud.AZURE: return 'Azure AKS';
    case Cloud.ATTACHED: return 'attached clusters';
  }
}
