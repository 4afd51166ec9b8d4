export { listTasks, completeTask, ZTask, ZTaskListInput, type TTask } from "./tasks.service.ts";
