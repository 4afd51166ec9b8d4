export {
  listCustomers,
  getCustomer,
  customer360,
  ownerAt,
  transferCustomer,
  releaseCustomer,
  releaseToPool,
  listPool,
  claimFromPool,
  mergeCustomers,
  reverseMerge,
} from "./customers.service.ts";
export * from "./customers.schemas.ts";
