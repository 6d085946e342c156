package dev.lrplan.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeSet;

/** A readable difference between an approved folder and a fresh compile (for --check). */
final class FolderDiff {
    private FolderDiff() {}

    /** Empty when identical; otherwise a unified-style listing per differing file. */
    static String of(SortedMap<String, String> approved, SortedMap<String, String> fresh) {
        StringBuilder out = new StringBuilder();
        for (String name :
                new TreeSet<String>() {
                    {
                        addAll(approved.keySet());
                        addAll(fresh.keySet());
                    }
                }) {
            String a = approved.get(name);
            String b = fresh.get(name);
            if (a == null) {
                out.append("+ new file ").append(name).append('\n');
            } else if (b == null) {
                out.append("- missing file ").append(name).append('\n');
            } else if (!a.equals(b)) {
                out.append("--- approved/")
                        .append(name)
                        .append("\n+++ compiled/")
                        .append(name)
                        .append('\n');
                lines(a.split("\n", -1), b.split("\n", -1), out);
            }
        }
        return out.toString();
    }

    /** Line diff by longest common subsequence; files here are a few hundred lines. */
    private static void lines(String[] a, String[] b, StringBuilder out) {
        int[][] lcs = new int[a.length + 1][b.length + 1];
        for (int i = a.length - 1; i >= 0; i--) {
            for (int j = b.length - 1; j >= 0; j--) {
                lcs[i][j] =
                        a[i].equals(b[j])
                                ? lcs[i + 1][j + 1] + 1
                                : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
            }
        }
        List<String> ops = new ArrayList<>();
        int i = 0;
        int j = 0;
        while (i < a.length || j < b.length) {
            if (i < a.length && j < b.length && a[i].equals(b[j])) {
                ops.add("  " + a[i]);
                i++;
                j++;
            } else if (i < a.length && (j == b.length || lcs[i + 1][j] >= lcs[i][j + 1])) {
                ops.add("- " + a[i++]);
            } else {
                ops.add("+ " + b[j++]);
            }
        }
        for (int k = 0; k < ops.size(); k++) {
            boolean near = false;
            for (int d = -2; d <= 2 && !near; d++) {
                int x = k + d;
                near = x >= 0 && x < ops.size() && !ops.get(x).startsWith("  ");
            }
            if (near) {
                out.append(ops.get(k)).append('\n');
            }
        }
    }
}
