const oneOf =
  (...types: string[]) =>
  (declared: string): boolean =>
    types.includes(declared);

// Documents that are ZIP archives inside: office files, e-books, Java and Android packages.
const isZipBased = (declared: string): boolean =>
  declared.endsWith("+zip") ||
  declared.startsWith("application/vnd.openxmlformats-officedocument.") ||
  declared.startsWith("application/vnd.oasis.opendocument.") ||
  oneOf(
    "application/x-zip-compressed",
    "application/x-zip",
    "application/java-archive",
    "application/vnd.android.package-archive",
  )(declared);

/** Other names a client may declare for bytes of a sniffed type, with the same content inside. */
const ALSO_DECLARED_AS: Record<string, (declared: string) => boolean> = {
  "image/jpeg": oneOf("image/jpg", "image/pjpeg"),
  "image/png": oneOf("image/apng", "image/x-png"),
  "image/heic": oneOf("image/heif", "image/heic-sequence", "image/heif-sequence"),
  "audio/mpeg": oneOf("audio/mp3", "audio/mpeg3", "audio/x-mpeg", "audio/x-mp3"),
  "audio/wav": oneOf("audio/wave", "audio/x-wav", "audio/vnd.wave"),
  "audio/ogg": oneOf("application/ogg", "video/ogg", "audio/opus", "audio/vorbis"),
  "audio/mp4": oneOf("audio/x-m4a", "audio/m4a", "audio/aac", "video/mp4"),
  "video/mp4": oneOf("application/mp4", "audio/mp4", "audio/x-m4a", "video/x-m4v", "video/3gpp", "video/3gpp2"),
  "application/pdf": oneOf("application/x-pdf"),
  "application/gzip": oneOf("application/x-gzip", "application/x-tgz", "application/x-compressed-tar"),
  "application/zip": isZipBased,
};

/** Whether a declared type names bytes of the sniffed type, perhaps more precisely (a .docx is a ZIP). */
export function declaredFitsSniffed(sniffed: string, declared: string): boolean {
  return sniffed === declared || (ALSO_DECLARED_AS[sniffed]?.(declared) ?? false);
}

const TEXT_APPLICATION_TYPES = new Set([
  "application/javascript",
  "application/ecmascript",
  "application/x-javascript",
  "application/x-ndjson",
  "application/yaml",
  "application/x-yaml",
  "application/toml",
  "application/sql",
  "application/x-sh",
  "application/graphql",
]);

/** Whether a type is a text format (text/*, JSON, XML and the like), which sniffing cannot tell apart. */
export function isTextType(type: string): boolean {
  return type.startsWith("text/") || /[/+](json|xml)$/.test(type) || TEXT_APPLICATION_TYPES.has(type);
}
