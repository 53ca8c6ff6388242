package dev.hush.store;

import java.sql.ResultSet;
import java.sql.SQLException;

/** Column reads that behave the same on both drivers. */
public final class Rows {
  private Rows() {}

  /** A nullable BIGINT column (the SQLite driver does not map NULL through getObject(col, Long.class)). */
  public static Long nullableLong(ResultSet rs, String column) throws SQLException {
    long v = rs.getLong(column);
    return rs.wasNull() ? null : v;
  }
}
