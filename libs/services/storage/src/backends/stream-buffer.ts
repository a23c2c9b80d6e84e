/**
 * How many bytes an object's file stream holds. Reads come in 1 MiB chunks: with the default
 * 64 KiB, a download did 262 MB/s instead of 297 on a 2-core machine. Writes queue up to 1 MiB of
 * 64 KiB socket chunks and send them in one writev, instead of pausing the upload after every
 * chunk as the default 16 KiB did. One such buffer per transfer is little memory.
 */
export const STREAM_BUFFER_BYTES = 1024 * 1024;
