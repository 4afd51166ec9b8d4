-- CreateTable
CREATE TABLE "Order" (
    "id" UUID NOT NULL,
    "externalId" TEXT NOT NULL,
    "customerId" UUID NOT NULL,
    "sentCustomerId" UUID NOT NULL,
    "orderedAt" TIMESTAMPTZ(3) NOT NULL,
    "currency" VARCHAR(3) NOT NULL,
    "total" DECIMAL(18,2) NOT NULL,
    "refundedTotal" DECIMAL(18,2) NOT NULL DEFAULT 0,
    "attributedPartnerId" UUID,
    "attributionOwnershipId" UUID,
    "attributionReason" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Order_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "OrderItem" (
    "id" UUID NOT NULL,
    "orderId" UUID NOT NULL,
    "position" INTEGER NOT NULL,
    "sku" TEXT NOT NULL,
    "category" TEXT NOT NULL,
    "quantity" DECIMAL(18,4) NOT NULL,
    "unitPrice" DECIMAL(18,2) NOT NULL,
    "amount" DECIMAL(18,2) NOT NULL,

    CONSTRAINT "OrderItem_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "OrderRefund" (
    "id" UUID NOT NULL,
    "orderId" UUID NOT NULL,
    "externalId" TEXT NOT NULL,
    "amount" DECIMAL(18,2) NOT NULL,
    "refundedAt" TIMESTAMPTZ(3) NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "OrderRefund_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Order_externalId_key" ON "Order"("externalId");

-- CreateIndex
CREATE INDEX "Order_attributedPartnerId_orderedAt_idx" ON "Order"("attributedPartnerId", "orderedAt");

-- CreateIndex
CREATE INDEX "Order_customerId_orderedAt_idx" ON "Order"("customerId", "orderedAt");

-- CreateIndex
CREATE INDEX "Order_sentCustomerId_idx" ON "Order"("sentCustomerId");

-- CreateIndex
CREATE INDEX "Order_orderedAt_idx" ON "Order"("orderedAt");

-- CreateIndex
CREATE INDEX "OrderItem_category_idx" ON "OrderItem"("category");

-- CreateIndex
CREATE UNIQUE INDEX "OrderItem_orderId_position_key" ON "OrderItem"("orderId", "position");

-- CreateIndex
CREATE UNIQUE INDEX "OrderRefund_externalId_key" ON "OrderRefund"("externalId");

-- CreateIndex
CREATE INDEX "OrderRefund_orderId_refundedAt_idx" ON "OrderRefund"("orderId", "refundedAt");

-- AddForeignKey
ALTER TABLE "Order" ADD CONSTRAINT "Order_customerId_fkey" FOREIGN KEY ("customerId") REFERENCES "Customer"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Order" ADD CONSTRAINT "Order_attributedPartnerId_fkey" FOREIGN KEY ("attributedPartnerId") REFERENCES "Partner"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Order" ADD CONSTRAINT "Order_attributionOwnershipId_fkey" FOREIGN KEY ("attributionOwnershipId") REFERENCES "CustomerOwnership"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "OrderItem" ADD CONSTRAINT "OrderItem_orderId_fkey" FOREIGN KEY ("orderId") REFERENCES "Order"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "OrderRefund" ADD CONSTRAINT "OrderRefund_orderId_fkey" FOREIGN KEY ("orderId") REFERENCES "Order"("id") ON DELETE RESTRICT ON UPDATE CASCADE;


-- Hand-written (Prisma 6 cannot express these).

-- Finance's work list: unattributed orders, newest first.
CREATE INDEX "Order_unattributed_idx" ON "Order"("orderedAt" DESC, "id" DESC) WHERE "attributedPartnerId" IS NULL;

-- Money is never negative, refunds never exceed the order, and an order is either attributed or says why not.
ALTER TABLE "Order" ADD CONSTRAINT "Order_total_check" CHECK ("total" >= 0);
ALTER TABLE "Order" ADD CONSTRAINT "Order_refundedTotal_check" CHECK ("refundedTotal" >= 0 AND "refundedTotal" <= "total");
ALTER TABLE "Order" ADD CONSTRAINT "Order_currency_check" CHECK ("currency" ~ '^[A-Z]{3}$');
ALTER TABLE "Order" ADD CONSTRAINT "Order_attribution_check" CHECK (("attributedPartnerId" IS NULL) = ("attributionReason" IS NOT NULL));
ALTER TABLE "OrderItem" ADD CONSTRAINT "OrderItem_quantity_check" CHECK ("quantity" > 0);
ALTER TABLE "OrderItem" ADD CONSTRAINT "OrderItem_unitPrice_check" CHECK ("unitPrice" >= 0 AND "amount" >= 0);
ALTER TABLE "OrderRefund" ADD CONSTRAINT "OrderRefund_amount_check" CHECK ("amount" > 0);
