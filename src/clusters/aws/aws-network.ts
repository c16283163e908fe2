import { Eip } from '@cdktf/provider-aws/lib/eip';
import { InternetGateway } from '@cdktf/provider-aws/lib/internet-gateway';
import { NatGateway } from '@cdktf/provider-aws/lib/nat-gateway';
import { RouteTable } from '@cdktf/provider-aws/lib/route-table';
import { RouteTableAssociation } from '@cdktf/provider-aws/lib/route-table-association';
import { Subnet } from '@cdktf/provider-aws/lib/subnet';
import { Vpc } from '@cdktf/provider-aws/lib/vpc';
import { VpcEndpoint } from '@cdktf/provider-aws/lib/vpc-endpoint';
import { Construct } from 'constructs';
import { subnetOf } from '../../_internal/cidr';

/** What the network layout needs to know. */
export interface AwsNetworkProps {
  readonly clusterName: string;
  readonly region: string;
  readonly cidr: string;
  /** Availability zone IDs, 2 or 3 of them. */
  readonly zones: string[];
  /** One NAT gateway in total instead of one per zone. */
  readonly singleNatGateway: boolean;
  readonly tags: { [key: string]: string };
}

/**
 * The VPC of an EKS cluster. The range is cut in quarters: one private
 * quarter per zone for nodes and pods (the VPC CNI gives pods VPC
 * addresses), and the last quarter split again for the public subnets that
 * hold load balancers and NAT gateways. Private subnets reach the internet
 * through NAT, and S3 (images layers, backups) through a gateway endpoint
 * that keeps that traffic off NAT.
 */
export class AwsNetwork extends Construct {
  public readonly vpc: Vpc;
  public readonly privateSubnets: Subnet[];
  public readonly publicSubnets: Subnet[];
  public readonly natGateways: NatGateway[];

  constructor(scope: Construct, id: string, props: AwsNetworkProps) {
    super(scope, id);
    const { clusterName: name, tags } = props;
    const prefix = Number(props.cidr.split('/')[1]);
    const discovery = { [`kubernetes.io/cluster/${name}`]: 'shared' };

    this.vpc = new Vpc(this, 'vpc', {
      cidrBlock: props.cidr,
      enableDnsHostnames: true,
      enableDnsSupport: true,
      tags: { ...tags, Name: name },
    });

    this.privateSubnets = props.zones.map((zone, i) => new Subnet(this, `private-${zone}`, {
      vpcId: this.vpc.id,
      availabilityZoneId: zone,
      cidrBlock: subnetOf(props.cidr, prefix + 2, i)!,
      tags: { ...tags, ...discovery, 'Name': `${name}-private-${zone}`, 'kubernetes.io/role/internal-elb': '1' },
    }));
    const publicRange = subnetOf(props.cidr, prefix + 2, 3)!;
    this.publicSubnets = props.zones.map((zone, i) => new Subnet(this, `public-${zone}`, {
      vpcId: this.vpc.id,
      availabilityZoneId: zone,
      cidrBlock: subnetOf(publicRange, prefix + 4, i)!,
      mapPublicIpOnLaunch: false,
      tags: { ...tags, ...discovery, 'Name': `${name}-public-${zone}`, 'kubernetes.io/role/elb': '1' },
    }));

    const internetGateway = new InternetGateway(this, 'igw', { vpcId: this.vpc.id, tags: { ...tags, Name: name } });
    const publicRoutes = new RouteTable(this, 'public-routes', {
      vpcId: this.vpc.id,
      route: [{ cidrBlock: '0.0.0.0/0', gatewayId: internetGateway.id }],
      tags: { ...tags, Name: `${name}-public` },
    });
    this.publicSubnets.forEach((subnet, i) => new RouteTableAssociation(this, `public-routes-${props.zones[i]}`, {
      subnetId: subnet.id,
      routeTableId: publicRoutes.id,
    }));

    const natZones = props.singleNatGateway ? props.zones.slice(0, 1) : props.zones;
    this.natGateways = natZones.map((zone, i) => {
      const address = new Eip(this, `nat-ip-${zone}`, { domain: 'vpc', tags: { ...tags, Name: `${name}-nat-${zone}` } });
      return new NatGateway(this, `nat-${zone}`, {
        allocationId: address.id,
        subnetId: this.publicSubnets[i].id,
        tags: { ...tags, Name: `${name}-${zone}` },
        dependsOn: [internetGateway],
      });
    });

    const privateRouteTables = props.zones.map((zone, i) => {
      const nat = this.natGateways[Math.min(i, this.natGateways.length - 1)];
      const table = new RouteTable(this, `private-routes-${zone}`, {
        vpcId: this.vpc.id,
        route: [{ cidrBlock: '0.0.0.0/0', natGatewayId: nat.id }],
        tags: { ...tags, Name: `${name}-private-${zone}` },
      });
      new RouteTableAssociation(this, `private-routes-assoc-${zone}`, { subnetId: this.privateSubnets[i].id, routeTableId: table.id });
      return table;
    });

    new VpcEndpoint(this, 's3-endpoint', {
      vpcId: this.vpc.id,
      serviceName: `com.amazonaws.${props.region}.s3`,
      vpcEndpointType: 'Gateway',
      routeTableIds: privateRouteTables.map((t) => t.id),
      tags: { ...tags, Name: `${name}-s3` },
    });
  }
}
