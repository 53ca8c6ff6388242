package dev.hush.web;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hush.people.Access;
import io.javalin.Javalin;
import org.junit.jupiter.api.Test;

class UndeclaredRouteTest {

  @Test
  void aServerWithARouteThatDeclaresNoAccessDoesNotStart() {
    Javalin app = Javalin.create(c -> {
      c.routes.get("/declared", ctx -> ctx.result("ok"), Access.SIGNED_IN);
      c.routes.post("/forgotten", ctx -> ctx.result("anyone could call me"));
      c.routes.delete("/greedy", ctx -> ctx.status(204), Access.ADMIN, Access.ANYONE);
    });
    assertThatThrownBy(() -> AccessCheck.requireDeclared(app)).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("POST /forgotten").hasMessageContaining("DELETE /greedy").hasMessageNotContaining("/declared");
  }
}
