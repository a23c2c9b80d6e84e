/** A multipart/form-data body that is malformed, or holds no file. */
export class MultipartError extends Error {
  constructor(message: string) {
    super(`The form is not valid multipart/form-data: ${message}`);
    this.name = "MultipartError";
  }
}
