import ctypes
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "blueprint.settings")


def keep_large_strings_out_of_the_heap():
    """A page with a 1,500-node navigation is a ~300 KB string. Once glibc has freed one, it
    raises its mmap threshold and serves later ones from the heap, which then fragments: about
    10 MB more per worker under `make bench`. A fixed threshold returns them to the system."""
    try:
        libc = ctypes.CDLL("libc.so.6")
    except OSError:  # not glibc
        return
    M_MMAP_THRESHOLD = -3
    libc.mallopt(M_MMAP_THRESHOLD, 128 * 1024)


keep_large_strings_out_of_the_heap()
application = get_wsgi_application()
