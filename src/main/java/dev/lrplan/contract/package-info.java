/**
 * The contract between {@code compile} and {@code apply}: the manifest that compile writes and
 * apply reads, and the enums it carries (clusters, gates, holds, outputs), each with its one wire
 * name. Nothing here depends on either side; a value that is not one of these is refused when the
 * manifest is read.
 */
package dev.lrplan.contract;
