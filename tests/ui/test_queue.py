"""The model's line on the page: first come, first served, and a reader who leaves frees their place."""

import threading
import time

from ui.queue import AnswerQueue


def test_places_are_kept_in_order_of_arrival_and_freed_on_leaving():
    line = AnswerQueue()
    first, second, third = line.join(), line.join(), line.join()
    assert [line.ahead(t) for t in (first, second, third)] == [0, 1, 2]
    line.leave(second)  # gave up while waiting
    assert line.ahead(third) == 1
    line.leave(first)
    assert line.ahead(third) == 0


def test_waiting_wakes_as_soon_as_the_reader_ahead_leaves():
    line = AnswerQueue()
    first, second = line.join(), line.join()
    assert line.wait(second, timeout=0.05) == 1
    threading.Timer(0.1, line.leave, args=(first,)).start()
    assert line.wait(second, timeout=5.0) == 0


def test_many_readers_are_served_one_at_a_time_in_ticket_order():
    line, served, inside, most = AnswerQueue(), [], [], [0]
    tickets = [line.join() for _ in range(10)]

    def reader(ticket):
        while line.wait(ticket, timeout=5.0):
            pass
        inside.append(ticket)
        most[0] = max(most[0], len(inside))
        time.sleep(0.01)
        served.append(ticket)
        inside.remove(ticket)
        line.leave(ticket)

    threads = [threading.Thread(target=reader, args=(t,)) for t in reversed(tickets)]  # started out of order
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=10)
    assert served == tickets and most[0] == 1
