package io.kompass.app.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kompass.app.numbers.DataVersion;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

class LiveUpdatesTest {

  @Test
  void streamsEndWhenTheServerStopsSoThatItNeedNotWaitForThem() throws Exception {
    LiveUpdates live = new LiveUpdates(new DataVersion(event -> {}));
    SseEmitter first = live.events();
    SseEmitter second = live.events();
    assertThat(live.open()).isEqualTo(2);

    live.closing();

    assertThat(live.open()).isZero();
    // A completed stream takes no more events.
    assertThatThrownBy(() -> first.send(SseEmitter.event().name("data").data(Map.of("version", 2)))).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> second.send("x")).isInstanceOf(IllegalStateException.class);
  }
}
