package dev.lrplan.render;

import java.io.Writer;

/**
 * A script's text as a template writes it, made tidy on the way in: no blanks or tabs at the end of
 * a line, no run of more than one empty line, no white space at the start or the end, and one
 * trailing newline. It is kept once, in one buffer: the scripts of 10,000 tables are megabytes
 * long, and a copy of each for every pass would be garbage the collector has to copy first.
 */
final class ScriptText extends Writer {
    private final StringBuilder out;

    /** The line being written, until its newline. */
    private final StringBuilder line = new StringBuilder(128);

    /** Empty lines seen since the last line with text. */
    private int blank;

    ScriptText(int expectedLength) {
        this.out = new StringBuilder(Math.max(16, expectedLength));
    }

    /** The same as writing {@code text} and taking {@link #text()}. */
    static String of(String text) {
        ScriptText t = new ScriptText(text.length() + 1);
        t.write(text, 0, text.length());
        return t.text();
    }

    @Override
    public void write(char[] cbuf, int off, int len) {
        for (int i = off; i < off + len; i++) {
            put(cbuf[i]);
        }
    }

    @Override
    public void write(String s, int off, int len) {
        int i = off;
        int end = off + len;
        while (i < end) {
            int nl = s.indexOf('\n', i);
            if (nl < 0 || nl >= end) {
                line.append(s, i, end);
                return;
            }
            line.append(s, i, nl);
            endLine();
            i = nl + 1;
        }
    }

    @Override
    public void write(int c) {
        put((char) c);
    }

    private void put(char c) {
        if (c == '\n') {
            endLine();
        } else {
            line.append(c);
        }
    }

    private void endLine() {
        int end = line.length();
        while (end > 0 && (line.charAt(end - 1) == ' ' || line.charAt(end - 1) == '\t')) {
            end--;
        }
        if (end == 0) {
            blank++;
        } else {
            if (out.length() > 0) {
                out.append(blank > 0 ? "\n\n" : "\n");
            }
            out.append(line, 0, end);
            blank = 0;
        }
        line.setLength(0);
    }

    /** The tidy text; the writer is done with after this. */
    String text() {
        if (line.length() > 0) {
            endLine();
        }
        // What String.strip() would take away at either end (a line's own blanks are gone already).
        int start = 0;
        int end = out.length();
        while (start < end && Character.isWhitespace(out.codePointAt(start))) {
            start += Character.charCount(out.codePointAt(start));
        }
        while (end > start && Character.isWhitespace(out.codePointBefore(end))) {
            end -= Character.charCount(out.codePointBefore(end));
        }
        if (start == 0 && end == out.length()) {
            return out.append('\n').toString();
        }
        return out.substring(start, end) + "\n";
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}
}
