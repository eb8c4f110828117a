/**
 * What the readiness report reads beyond the shop (test/support/seed-shop.ts), seeded through the SDK
 * into the emulator (test/emulator/ext_readiness.py):
 * - Service Quotas: the Standard On-Demand vCPU quota raised to 64 in us-east-1 but only to 8 in
 *   us-west-2 (the standby already runs 8 vCPUs: a failover at peak cannot fit); the load-balancer
 *   and RDS quotas keep their AWS defaults (no applied value: read with GetAWSDefaultServiceQuota).
 * - an On-Demand Capacity Reservation of 2 × t3.micro in us-west-2a that ends the day before the
 *   event does (READINESS_EVENT);
 * - an LCU reservation of 300 capacity units on shop-alb.
 */
import { CreateCapacityReservationCommand, EC2Client } from '@aws-sdk/client-ec2';
import {
  DescribeLoadBalancersCommand,
  ElasticLoadBalancingV2Client,
  ModifyCapacityReservationCommand,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { RequestServiceQuotaIncreaseCommand, ServiceQuotasClient } from '@aws-sdk/client-service-quotas';
import { PRIMARY, STANDBY } from './seed-shop.js';

const DAY = 86_400_000;

/** The event the seeded reservation is planned for: 10 to 13 days after `now` (YYYY-MM-DD). */
export function readinessEvent(now: Date): { date: string; end: string; reservationEnds: string } {
  const day = (n: number) => new Date(Math.floor(now.getTime() / DAY) * DAY + n * DAY).toISOString();
  return { date: day(10).slice(0, 10), end: day(13).slice(0, 10), reservationEnds: day(13) };
}

export const SEEDED = {
  standardVcpus: { [PRIMARY]: 64, [STANDBY]: 8 } as Record<string, number>,
  reservation: { region: STANDBY, type: 't3.micro', az: `${STANDBY}a`, count: 2 },
  lcu: { loadBalancer: 'shop-alb', units: 300 },
};

function cfg(endpoint: string, region: string) {
  return {
    region,
    endpoint,
    credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' },
    maxAttempts: 1,
  };
}

export async function seedReadiness(endpoint: string, now = new Date()): Promise<void> {
  for (const region of [PRIMARY, STANDBY]) {
    const sq = new ServiceQuotasClient(cfg(endpoint, region));
    try {
      await sq.send(
        new RequestServiceQuotaIncreaseCommand({
          ServiceCode: 'ec2',
          QuotaCode: 'L-1216C47A',
          DesiredValue: SEEDED.standardVcpus[region]!,
        }),
      );
    } finally {
      sq.destroy();
    }
  }
  const ec2 = new EC2Client(cfg(endpoint, STANDBY));
  try {
    const r = SEEDED.reservation;
    await ec2.send(
      new CreateCapacityReservationCommand({
        InstanceType: r.type,
        InstancePlatform: 'Linux/UNIX',
        AvailabilityZone: r.az,
        InstanceCount: r.count,
        EndDateType: 'limited',
        EndDate: new Date(readinessEvent(now).reservationEnds),
        InstanceMatchCriteria: 'open',
      }),
    );
  } finally {
    ec2.destroy();
  }
  const elb = new ElasticLoadBalancingV2Client(cfg(endpoint, PRIMARY));
  try {
    const lbs = await elb.send(new DescribeLoadBalancersCommand({ Names: [SEEDED.lcu.loadBalancer] }));
    await elb.send(
      new ModifyCapacityReservationCommand({
        LoadBalancerArn: lbs.LoadBalancers![0]!.LoadBalancerArn!,
        MinimumLoadBalancerCapacity: { CapacityUnits: SEEDED.lcu.units },
      }),
    );
  } finally {
    elb.destroy();
  }
}
