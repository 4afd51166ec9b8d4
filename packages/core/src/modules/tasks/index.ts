export { listTasks, getTask, createTask, updateTask, completeTask, myDay, presentTask } from "./tasks.service.ts";
export { notifyTaskAssigned, taskMessage } from "./task-assigned.consumer.ts";
export * from "./tasks.schemas.ts";
export {
  instantToLocalDateTime,
  isReminderDue,
  localDateTimeToInstant,
  myDayBounds,
  myDayBucket,
  startOfLocalDay,
  statusChange,
  timingProblems,
  UPCOMING_DAYS,
  type MyDayBucket,
} from "./tasks.rules.ts";
