export {
  listNotifications,
  countUnreadNotifications,
  markNotificationRead,
  markAllNotificationsRead,
  ZNotificationListInput,
  ZNotification,
  type TNotification,
} from "./notifications.service.ts";
export { notifyLeadAssigned } from "./lead-assigned.consumer.ts";
export { notifyRegistrationDecided } from "./registration-decided.consumer.ts";
