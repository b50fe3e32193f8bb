package dev.openmeshes.core.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RetryScheduleTest {

    final Instant now = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void theDefaultIsEightAttemptsOverAboutADay() {
        assertThat(RetrySchedule.DEFAULT.maxAttempts()).isEqualTo(8);
        assertThat(RetrySchedule.DEFAULT.firstAttemptAt(now)).isEqualTo(now);
    }

    @Test
    void delaysParseWithUnitsAndAreJitteredByAtMostTwentyPercent() {
        var schedule = RetrySchedule.parse("0s, 500ms, 5m, 2h");

        assertThat(schedule.delays()).containsExactly(Duration.ZERO, Duration.ofMillis(500), Duration.ofMinutes(5),
                Duration.ofHours(2));
        for (int i = 0; i < 100; i++) {
            Instant next = schedule.nextAttemptAt(2, now, null);
            assertThat(Duration.between(now, next)).isBetween(Duration.ofMinutes(4), Duration.ofMinutes(6));
        }
    }

    @Test
    void retryAfterWinsWhenItAsksForMoreTimeButNeverMoreThanADay() {
        var schedule = RetrySchedule.parse("0s,1s,2s");

        assertThat(schedule.nextAttemptAt(1, now, Duration.ofSeconds(30))).isEqualTo(now.plusSeconds(30));
        assertThat(schedule.nextAttemptAt(1, now, Duration.ofDays(9))).isEqualTo(now.plus(Duration.ofHours(24)));
        assertThat(Duration.between(now, schedule.nextAttemptAt(1, now, Duration.ofMillis(1))))
                .isBetween(Duration.ofMillis(800), Duration.ofMillis(1200));
    }

    @Test
    void badSchedulesAreRefusedWithTheirText() {
        assertThatThrownBy(() -> RetrySchedule.parse("5x")).hasMessageContaining("5x");
        assertThatThrownBy(() -> RetrySchedule.parse("")).isInstanceOf(IllegalArgumentException.class);
    }
}
