package dev.hush.notify;

import static dev.hush.core.RequestParams.jsonObject;
import static dev.hush.core.RequestParams.longValue;
import static dev.hush.core.RequestParams.pathId;
import static dev.hush.core.RequestParams.text;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hush.core.Problem;
import dev.hush.core.RequestParams;
import dev.hush.core.FormInput;
import dev.hush.core.Views;
import dev.hush.incidents.Incident;
import dev.hush.incidents.IncidentService;
import dev.hush.people.PeopleService;
import dev.hush.people.Access;
import dev.hush.people.Principal;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Clock;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/** Contact methods and rules (pages and API), test messages, the one-click ack links and the voice keypad. */
public final class NotifyRoutes {
  private final NotifyService notify;
  private final IncidentService incidents;
  private final PeopleService people;
  private final Clock clock;
  private final VoiceKeypad keypad;

  public NotifyRoutes(NotifyService notify, IncidentService incidents, PeopleService people, Clock clock) {
    this.notify = notify;
    this.incidents = incidents;
    this.people = people;
    this.clock = clock;
    this.keypad = new VoiceKeypad(notify, incidents);
  }

  public void register(RoutesConfig r) {
    // The ack link itself authenticates: it is signed for one person and one incident. A voice page's keypad uses the same token.
    // GET only shows what the link would do: chat and mail preview bots fetch links, and must never acknowledge.
    r.get("/ack/{token}", ctx -> renderAck(ctx, false), Access.ANYONE);
    r.post("/ack/{token}", ctx -> {
      NotifyService.Grant grant = grant(ctx);
      incidents.acknowledge(grant.incidentId(), grant.userId(), grant.episode());
      renderAck(ctx, true);
    }, Access.ANYONE);
    // The voice API posts the callee's key press (form field Digits) here and speaks the TwiML answer.
    r.post("/voice/ack/{token}", ctx ->
        ctx.contentType("text/xml; charset=utf-8").result(keypad(ctx)), Access.ANYONE);

    r.get("/settings/notifications", ctx -> renderSettings(ctx, null), Access.SIGNED_IN);
    r.post("/settings/notifications/methods", ctx -> {
      Principal p = Principal.of(ctx);
      String delay = ctx.formParam("delay_minutes");
      ContactMethod m;
      try {
        // The delay is read first, so a bad one refuses the whole form rather than leave a method without its rule.
        Integer minutes = delay == null || delay.isBlank() ? null : (int) RequestParams.parseLong("delay_minutes", delay);
        m = notify.addContactMethod(p.userId(), ChannelKind.parse("kind", ctx.formParam("kind")), ctx.formParam("name"),
            ctx.formParam("address"), ctx.formParam("secret"));
        if (minutes != null) {
          notify.addRule(p.userId(), m.id(), minutes);
        }
      } catch (Problem refused) {
        renderSettings(ctx.status(refused.status()), null, FormInput.refused("new-method", ctx.formParamMap(), refused));
        return;
      }
      renderSettings(ctx, m.kind() == ChannelKind.WEBHOOK ? "Signing secret of " + m.name() + ": " + m.secret() : null);
    }, Access.SIGNED_IN);
    r.post("/settings/notifications/methods/{id}/test", ctx -> {
      long id = pathId(ctx, "id");
      try {
        notify.test(Principal.of(ctx).userId(), id);
      } catch (Problem refused) {
        renderSettings(ctx.status(refused.status()), null, FormInput.refused("test-" + id, Map.of(), refused));
        return;
      }
      renderSettings(ctx, "Test message sent.");
    }, Access.SIGNED_IN);
    r.post("/settings/notifications/methods/{id}/delete", ctx -> {
      notify.deleteContactMethod(Principal.of(ctx).userId(), pathId(ctx, "id"));
      ctx.redirect("/settings/notifications");
    }, Access.SIGNED_IN);

    r.get("/api/v1/me/contact-methods", ctx -> ctx.json(notify.contactMethods(Principal.of(ctx).userId())), Access.SIGNED_IN);
    r.post("/api/v1/me/contact-methods", ctx -> {
      JsonNode b = jsonObject(ctx);
      ContactMethod m = notify.addContactMethod(Principal.of(ctx).userId(), ChannelKind.parse("kind", text(b, "kind")), text(b, "name"),
          text(b, "address"), text(b, "secret"));
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("contact_method", m);
      if (m.kind() == ChannelKind.WEBHOOK) {
        out.put("signing_secret", m.secret());
      }
      ctx.status(201).json(out);
    }, Access.SIGNED_IN);
    r.delete("/api/v1/me/contact-methods/{id}", ctx -> {
      notify.deleteContactMethod(Principal.of(ctx).userId(), pathId(ctx, "id"));
      ctx.status(204);
    }, Access.SIGNED_IN);
    r.post("/api/v1/me/contact-methods/{id}/test", ctx ->
        ctx.json(Map.of("result", notify.test(Principal.of(ctx).userId(), pathId(ctx, "id")))), Access.SIGNED_IN);
    r.get("/api/v1/me/notification-rules", ctx -> ctx.json(notify.rules(Principal.of(ctx).userId())), Access.SIGNED_IN);
    r.post("/api/v1/me/notification-rules", ctx -> {
      JsonNode b = jsonObject(ctx);
      Long method = longValue(b, "contact_method_id");
      Long delay = longValue(b, "delay_minutes");
      if (method == null) {
        throw Problem.invalid("contact_method_id", "contact_method_id is required");
      }
      ctx.status(201).json(Map.of("id", notify.addRule(Principal.of(ctx).userId(), method, delay == null ? 0 : delay.intValue())));
    }, Access.SIGNED_IN);
  }

  /** The key press, with what the voice provider's signature covers: the query string and every POST parameter. */
  private String keypad(Context ctx) {
    return keypad.answer(ctx.pathParam("token"), ctx.queryString(), ctx.formParamMap(), ctx.header(VoiceKeypad.SIGNATURE));
  }

  private NotifyService.Grant grant(Context ctx) {
    return notify.ackGrant(ctx.pathParam("token"));
  }

  private void renderAck(Context ctx, boolean done) {
    NotifyService.Grant grant = grant(ctx);
    Incident incident = incidents.require(grant.incidentId());
    Map<String, Object> model = new HashMap<>();
    model.put("incident", incident);
    model.put("person", people.user(grant.userId()).map(u -> u.name()).orElse("?"));
    model.put("token", ctx.pathParam("token"));
    model.put("done", done);
    ctx.header("X-Robots-Tag", "noindex");
    Views.render(ctx, "ack.jte", model);
  }

  private void renderSettings(Context ctx, String notice) {
    renderSettings(ctx, notice, FormInput.NONE);
  }

  private void renderSettings(Context ctx, String notice, FormInput input) {
    Principal p = Principal.of(ctx);
    Map<String, Object> model = new HashMap<>();
    model.put("principal", p);
    model.put("methods", notify.contactMethods(p.userId()));
    model.put("rules", notify.rules(p.userId()));
    model.put("notice", notice);
    model.put("input", input);
    Views.render(ctx, "notifications.jte", model);
  }
}
