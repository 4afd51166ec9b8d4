/**
 * Core stores phones in E.164 (`+8613800138000`). A Chinese mobile reads better grouped the way
 * people say it (`138 0013 8000`); anything else is shown as stored.
 */
export function displayPhone(e164: string): string {
  const mobile = /^\+861(\d{2})(\d{4})(\d{4})$/.exec(e164);
  return mobile ? `1${mobile[1]} ${mobile[2]} ${mobile[3]}` : e164;
}
