package dev.hush;

/** The two stores every store-touching test runs against. */
public enum StoreKind { SQLITE, POSTGRESQL }
