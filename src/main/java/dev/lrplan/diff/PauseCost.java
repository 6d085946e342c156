package dev.lrplan.diff;

import dev.lrplan.finding.Code;
import dev.lrplan.finding.Finding;
import dev.lrplan.finding.Severity;
import dev.lrplan.plan.Plan;
import java.util.List;

/**
 * What the verify-data step reads inside the application's write pause: a checksum reads every row
 * of each checksummed table on both clusters, and on a large database that, not the replication,
 * makes the pause long (a 966 MB table took 52.8 s on 2 cores). Said before the window as LR127,
 * from the source's size estimates, with the rate measured here as the yardstick.
 */
final class PauseCost {
    /** Below this, the checksums' share of the pause is not worth a finding. */
    static final long THRESHOLD = 256L << 20;

    /** Checksums per second of table measured by a rehearsal on 2 cores (both sides together). */
    static final long MEASURED_BYTES_PER_SECOND = 18L << 20;

    private PauseCost() {}

    static void find(Plan plan, List<TableMove> moves, List<Finding> findings) {
        Plan.Verify v = plan.verify();
        if (v.checksums() == Plan.Verify.Checksums.NONE) {
            return;
        }
        long bytes = 0;
        int tables = 0;
        for (TableMove t : moves) {
            if (t.publish() != TableMove.Publish.ALL || t.source() == null) {
                continue;
            }
            long size = Math.max(t.source().estimatedBytes(), 0);
            if (v.checksums() == Plan.Verify.Checksums.ALL || size <= v.maxBytes()) {
                bytes += size;
                tables++;
            }
        }
        if (bytes < THRESHOLD) {
            return;
        }
        findings.add(
                new Finding(
                        Code.LR127,
                        Severity.WARNING,
                        "verify-data",
                        "verify-data checksums "
                                + tables
                                + " table(s) of about "
                                + dev.lrplan.diag.Units.bytes(bytes)
                                + " inside the write pause, on both clusters; at the "
                                + dev.lrplan.diag.Units.bytes(MEASURED_BYTES_PER_SECOND)
                                + "/s a rehearsal measured on 2 cores that is about "
                                + Math.max(1, bytes / MEASURED_BYTES_PER_SECOND)
                                + " s of pause"));
    }
}
