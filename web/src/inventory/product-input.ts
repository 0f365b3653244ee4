import { create, toJson, type JsonValue } from "@bufbuild/protobuf";
import { MoneySchema } from "@eventkit/api/eventkit/v1/common_pb.js";
import {
  AccessorySchema,
  DimensionsSchema,
  ProductInputSchema,
  TrackingMode,
  type Product,
  type ProductInput,
} from "@eventkit/api/eventkit/v1/inventory_pb.js";
import { currencyMinorDigits } from "../format.js";
import { decimalText, parseCount, parseDecimal } from "./numbers.js";

// The product form's state is text as typed; these functions turn it into a
// ProductInput, check it, and work out which fields an edit changed.

export interface AccessoryRow {
  productId: string;
  productName: string;
  quantity: string;
  charged: boolean;
}

export interface CustomFieldRow {
  key: string;
  value: string;
}

export interface ProductFormValues {
  code: string;
  name: string;
  description: string;
  categoryId: string;
  tracking: TrackingMode;
  currency: string;
  dayRate: string;
  replacementValue: string;
  /** Kilograms, up to 3 decimals. */
  weightKg: string;
  /** Centimetres, up to 1 decimal. */
  lengthCm: string;
  widthCm: string;
  heightCm: string;
  tags: string[];
  customFields: CustomFieldRow[];
  inspectionIntervalDays: string;
  accessories: AccessoryRow[];
  archived: boolean;
}

export const codePattern = /^[A-Za-z0-9._/-]+$/;
export const defaultCurrency = "EUR";
const maxWeightGrams = 100_000_000n;
const maxLengthMm = 100_000n;

export function emptyProductValues(currency = defaultCurrency): ProductFormValues {
  return {
    code: "",
    name: "",
    description: "",
    categoryId: "",
    tracking: TrackingMode.SERIALIZED,
    currency,
    dayRate: "",
    replacementValue: "",
    weightKg: "",
    lengthCm: "",
    widthCm: "",
    heightCm: "",
    tags: [],
    customFields: [],
    inspectionIntervalDays: "",
    accessories: [],
    archived: false,
  };
}

function moneyText(amountMinor: bigint | undefined, currency: string): string {
  return amountMinor === undefined ? "" : decimalText(amountMinor, currencyMinorDigits(currency));
}

function scaledText(value: number, scale: number): string {
  return value === 0 ? "" : decimalText(BigInt(value), scale, { trimZeros: true });
}

export function valuesFromProduct(product: Product): ProductFormValues {
  const currency = product.dayRate?.currency || product.replacementValue?.currency || defaultCurrency;
  return {
    code: product.code,
    name: product.name,
    description: product.description,
    categoryId: product.categoryId,
    tracking: product.tracking,
    currency,
    dayRate: moneyText(product.dayRate?.amountMinor, currency),
    replacementValue: moneyText(product.replacementValue?.amountMinor, currency),
    weightKg: scaledText(product.dimensions?.weightGrams ?? 0, 3),
    lengthCm: scaledText(product.dimensions?.lengthMm ?? 0, 1),
    widthCm: scaledText(product.dimensions?.widthMm ?? 0, 1),
    heightCm: scaledText(product.dimensions?.heightMm ?? 0, 1),
    tags: [...product.tags],
    customFields: Object.entries(product.customFields).map(([key, value]) => ({ key, value })),
    inspectionIntervalDays: product.inspectionIntervalDays ? String(product.inspectionIntervalDays) : "",
    accessories: product.accessories.map((accessory) => ({
      productId: accessory.productId,
      productName: accessory.productName,
      quantity: String(accessory.quantity),
      charged: accessory.charged,
    })),
    archived: product.archived,
  };
}

/** i18n keys of the problems, by field ("code", "accessories.0.product"…). Empty when valid. */
export type ProductFormErrors = Record<string, string>;

export function validateProduct(values: ProductFormValues, locale: string, selfId?: string): ProductFormErrors {
  const errors: ProductFormErrors = {};
  const code = values.code.trim();
  if (code === "") errors.code = "inventory.validation.required";
  else if (code.length > 64) errors.code = "inventory.validation.tooLong";
  else if (!codePattern.test(code)) errors.code = "inventory.validation.codePattern";
  const name = values.name.trim();
  if (name === "") errors.name = "inventory.validation.required";
  else if (name.length > 200) errors.name = "inventory.validation.tooLong";
  if (values.description.length > 10_000) errors.description = "inventory.validation.tooLong";
  if (values.tracking === TrackingMode.UNSPECIFIED) errors.tracking = "inventory.validation.required";
  const digits = currencyMinorDigits(values.currency);
  for (const field of ["dayRate", "replacementValue"] as const) {
    if (parseDecimal(values[field], digits, locale) === undefined) errors[field] = "inventory.validation.amount";
  }
  const weight = parseDecimal(values.weightKg, 3, locale);
  if (weight === undefined || weight > maxWeightGrams) errors.weightKg = "inventory.validation.number";
  for (const field of ["lengthCm", "widthCm", "heightCm"] as const) {
    const length = parseDecimal(values[field], 1, locale);
    if (length === undefined || length > maxLengthMm) errors[field] = "inventory.validation.number";
  }
  if (values.tags.length > 50) errors.tags = "inventory.validation.tooMany";
  else if (values.tags.some((tag) => tag.length > 50)) errors.tags = "inventory.validation.tooLong";
  const keys = new Set<string>();
  values.customFields.forEach((row, index) => {
    const key = row.key.trim();
    if (key === "") errors[`customFields.${index}.key`] = "inventory.validation.required";
    else if (key.length > 64) errors[`customFields.${index}.key`] = "inventory.validation.tooLong";
    else if (keys.has(key)) errors[`customFields.${index}.key`] = "inventory.validation.duplicate";
    keys.add(key);
    if (row.value.length > 1000) errors[`customFields.${index}.value`] = "inventory.validation.tooLong";
  });
  if (values.customFields.length > 50) errors.customFields = "inventory.validation.tooMany";
  if (values.inspectionIntervalDays.trim() !== "") {
    const days = parseCount(values.inspectionIntervalDays);
    if (days === undefined || days > 3650) errors.inspectionIntervalDays = "inventory.validation.intervalRange";
  }
  const accessoryIds = new Set<string>();
  values.accessories.forEach((row, index) => {
    if (row.productId === "") errors[`accessories.${index}.product`] = "inventory.validation.required";
    else if (row.productId === selfId) errors[`accessories.${index}.product`] = "inventory.validation.accessoryOfItself";
    else if (accessoryIds.has(row.productId)) errors[`accessories.${index}.product`] = "inventory.validation.duplicate";
    accessoryIds.add(row.productId);
    const quantity = parseCount(row.quantity);
    if (quantity === undefined || quantity < 1 || quantity > 10_000) errors[`accessories.${index}.quantity`] = "inventory.validation.quantity";
  });
  if (values.accessories.length > 50) errors.accessories = "inventory.validation.tooMany";
  return errors;
}

function money(text: string, currency: string, locale: string) {
  if (text.trim() === "") return undefined;
  const amountMinor = parseDecimal(text, currencyMinorDigits(currency), locale) ?? 0n;
  return create(MoneySchema, { amountMinor, currency });
}

function scaled(text: string, scale: number, locale: string): number {
  return Number(parseDecimal(text, scale, locale) ?? 0n);
}

/** The ProductInput for valid form values. */
export function toProductInput(values: ProductFormValues, locale: string): ProductInput {
  return create(ProductInputSchema, {
    code: values.code.trim(),
    name: values.name.trim(),
    description: values.description.trim(),
    categoryId: values.categoryId,
    tracking: values.tracking,
    dayRate: money(values.dayRate, values.currency, locale),
    replacementValue: money(values.replacementValue, values.currency, locale),
    dimensions: create(DimensionsSchema, {
      weightGrams: scaled(values.weightKg, 3, locale),
      lengthMm: scaled(values.lengthCm, 1, locale),
      widthMm: scaled(values.widthCm, 1, locale),
      heightMm: scaled(values.heightCm, 1, locale),
    }),
    tags: values.tags.map((tag) => tag.trim()).filter((tag) => tag !== ""),
    customFields: Object.fromEntries(values.customFields.map((row) => [row.key.trim(), row.value])),
    inspectionIntervalDays: parseCount(values.inspectionIntervalDays) ?? 0,
    accessories: values.accessories.map((row) =>
      create(AccessorySchema, { productId: row.productId, quantity: parseCount(row.quantity) ?? 1, charged: row.charged }),
    ),
    archived: values.archived,
  });
}

function stable(value: JsonValue | undefined): string {
  if (value === undefined) return "";
  if (Array.isArray(value)) return `[${value.map(stable).join(",")}]`;
  if (value !== null && typeof value === "object") {
    return `{${Object.keys(value)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${stable(value[key])}`)
      .join(",")}}`;
  }
  return JSON.stringify(value);
}

/** Proto paths (update_mask) of the fields that differ, e.g. ["name", "day_rate"]. */
export function changedPaths(before: ProductInput, after: ProductInput): string[] {
  const a = toJson(ProductInputSchema, before) as Record<string, JsonValue>;
  const b = toJson(ProductInputSchema, after) as Record<string, JsonValue>;
  return ProductInputSchema.fields.filter((field) => stable(a[field.jsonName]) !== stable(b[field.jsonName])).map((field) => field.name);
}

/** Volume of one unit in cubic centimetres from dimensions in millimetres. */
export function volumeCm3(lengthMm: number, widthMm: number, heightMm: number): number {
  return (lengthMm * widthMm * heightMm) / 1000;
}
