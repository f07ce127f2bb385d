// Filled in when the messages API lands (docs/api-sms.md).
export function InboxWaiting() {
  return null;
}
