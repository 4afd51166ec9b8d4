// The same resource as a lead or customer import's: core finds the import by id within the caller's scope.
export { loader } from "./imports.$id.progress";
