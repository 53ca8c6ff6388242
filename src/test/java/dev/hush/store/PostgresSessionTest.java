package dev.hush.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hush.TestHush;
import org.junit.jupiter.api.Test;

class PostgresSessionTest {
  @Test
  void everyConnectionRunsWithoutTheJitCompiler() {
    try (Database db = Database.open(TestHush.PG_URL, null)) {
      for (int i = 0; i < 3; i++) {
        String jit = db.withHandle(h -> h.createQuery("SHOW jit").mapTo(String.class).one());
        assertThat(jit).as("a year of weekly windows summed would spend longer compiling than running").isEqualTo("off");
      }
    }
  }
}
