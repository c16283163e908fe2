// The public surface of cdk-fleet: re-exports only.
export { FleetErrors } from './errors';

export { Fleet, FleetProps, FleetWarning } from './fleet/fleet';
export { RegionStack, RegionStackProps } from './fleet/region-stack';
export { AwsStateBackendOptions, AzureStateBackendOptions } from './fleet/state-backend';
export { Wave, WaveOptions } from './fleet/wave';
export { FleetPlan, FleetPlanAddOn, FleetPlanCluster, FleetPlanStack, FleetPlanWave } from './fleet/fleet-plan';

export { Cloud } from './clusters/cloud';
export { ICluster, AddChartOptions, ClusterChart, Deviation, NodeCapacity, NodePoolSummary } from './clusters/cluster';
export { ClusterBase, ClusterProps, ClusterPlacement } from './clusters/cluster-base';
export { NodePoolOptions, NodePoolSpec, NodeTaint, TaintEffect } from './clusters/node-pool';
export { NodeSizeCapacity } from './clusters/catalogue/node-sizes';
export { AwsCluster, AwsClusterProps } from './clusters/aws/aws-cluster';
export { AzureCluster, AzureClusterProps } from './clusters/azure/azure-cluster';
export { AttachedCluster, AttachedClusterProps, AttachedNodeGroup } from './clusters/attached/attached-cluster';

export { FleetTesting, SynthesizedFleet } from './testing/fleet-testing';
