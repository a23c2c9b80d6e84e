/** The platform's release, reported by every service; kept equal to package.json by a test. */
export const PLATFORM_VERSION = "0.1.0";
