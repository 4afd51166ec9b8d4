// The same resource as an order import's: core finds the import by id and answers only its owner's scope.
export { loader } from "./orders.import.$importId.error-file";
