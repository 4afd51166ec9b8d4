export { listTags, createTag, updateTag, deleteTag, applyTag, removeTag, customerTags, taggedWith } from "./tags.service.ts";
export * from "./tags.schemas.ts";
