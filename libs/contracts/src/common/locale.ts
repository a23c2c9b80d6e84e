/** Whether `value` names an IANA time zone the runtime knows, such as Europe/Berlin. */
export function isTimeZone(value: string): boolean {
  try {
    new Intl.DateTimeFormat("en", { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

/** Whether `value` is one well-formed BCP 47 language tag, such as en or de-CH. */
export function isLocale(value: string): boolean {
  try {
    return Intl.getCanonicalLocales(value).length === 1;
  } catch {
    return false;
  }
}
